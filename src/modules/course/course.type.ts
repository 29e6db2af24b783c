import { Field, Float, ID, Int, InterfaceType, ObjectType, registerEnumType } from "type-graphql";
import { Node } from "../../graphql/node.js";
import { toGlobalId } from "../../graphql/global-id.js";
import { DateScalar, DecimalScalar } from "../../graphql/scalars.js";
import { formatAmount, parseAmount } from "../ledger/amount.js";
import { practiceRatio, type CourseContent } from "./course-validation.js";
import type { CourseLevel, CourseRow, CourseStatus } from "./course.table.js";

export const CatalogStatusEnum = { DRAFT: "DRAFT", PUBLISHED: "PUBLISHED", RETIRED: "RETIRED" } as const;
registerEnumType(CatalogStatusEnum, {
  name: "CatalogStatus",
  description: "Lifecycle of a course or course package: DRAFT → PUBLISHED → RETIRED.",
  valuesConfig: {
    DRAFT: { description: "Being prepared; visible only to its organization and admins." },
    PUBLISHED: { description: "In the public catalog." },
    RETIRED: { description: "No longer offered; still readable, because agreements and achievements cite it." },
  },
});

export const CourseLevelEnum = {
  SECONDARY_VOCATIONAL: "SECONDARY_VOCATIONAL",
  HIGHER_VOCATIONAL: "HIGHER_VOCATIONAL",
  UNDERGRADUATE: "UNDERGRADUATE",
  POSTGRADUATE: "POSTGRADUATE",
  PROFESSIONAL_TRAINING: "PROFESSIONAL_TRAINING",
} as const satisfies Record<CourseLevel, CourseLevel>;
registerEnumType(CourseLevelEnum, {
  name: "CourseLevel",
  valuesConfig: {
    SECONDARY_VOCATIONAL: { description: "中等职业教育 (secondary vocational)" },
    HIGHER_VOCATIONAL: { description: "高等职业教育 (higher vocational, 专科)" },
    UNDERGRADUATE: { description: "本科 (undergraduate)" },
    POSTGRADUATE: { description: "研究生 (postgraduate)" },
    PROFESSIONAL_TRAINING: { description: "职业培训 (enterprise or professional training)" },
  },
});

/** The industries of the State Council's 2017 opinion on industry–education integration (国办发〔2017〕95号), plus OTHER. */
export const INDUSTRY_FIELDS = {
  MODERN_AGRICULTURE: "现代农业",
  INTELLIGENT_MANUFACTURING: "智能制造",
  HIGH_END_EQUIPMENT: "高端装备",
  NEXT_GENERATION_IT: "新一代信息技术",
  BIOMEDICINE: "生物医药",
  ENERGY_SAVING_ENVIRONMENTAL: "节能环保",
  NEW_ENERGY: "新能源",
  NEW_MATERIALS: "新材料",
  RESEARCH_AND_DESIGN: "研发设计",
  DIGITAL_CREATIVE: "数字创意",
  MODERN_TRANSPORT: "现代交通运输",
  EFFICIENT_LOGISTICS: "高效物流",
  FINANCIAL_LEASING: "融资租赁",
  E_COMMERCE: "电子商务",
  SERVICE_OUTSOURCING: "服务外包",
  HOUSEKEEPING: "家政",
  HEALTH: "健康",
  ELDERLY_CARE: "养老",
  CULTURE: "文化",
  TOURISM: "旅游",
  SMART_CITY: "智慧城市",
  INTEGRATED_CIRCUITS: "集成电路",
  AERO_ENGINES_GAS_TURBINES: "航空发动机及燃气轮机",
  CYBERSECURITY: "网络安全",
  ARTIFICIAL_INTELLIGENCE: "人工智能",
  OTHER: "其他",
} as const;
export type IndustryField = keyof typeof INDUSTRY_FIELDS;

export const IndustryFieldEnum = Object.fromEntries(Object.keys(INDUSTRY_FIELDS).map((key) => [key, key])) as { [K in IndustryField]: K };
registerEnumType(IndustryFieldEnum, {
  name: "IndustryField",
  description: "Industry field of a course, after the State Council's list of industries for industry–education integration.",
  valuesConfig: Object.fromEntries(Object.entries(INDUSTRY_FIELDS).map(([key, name]) => [key, { description: name }])),
});

export const CatalogOrderEnum = { RELEVANCE: "RELEVANCE", CREATED: "CREATED", CODE: "CODE", TITLE: "TITLE" } as const;
registerEnumType(CatalogOrderEnum, {
  name: "CatalogOrder",
  description: "How a catalog search is ordered; ties are broken by creation order.",
  valuesConfig: {
    RELEVANCE: { description: "Best match first (default when `text` is given): exact code, title prefix, code prefix, title substring, then other text." },
    CREATED: { description: "Oldest first (default without `text`)." },
    CODE: { description: "By code." },
    TITLE: { description: "By title, in Unicode code point order." },
  },
});

@ObjectType("Hours", { description: "Teaching hours, as decimal strings." })
export class Hours {
  @Field(() => DecimalScalar)
  lecture!: string;

  @Field(() => DecimalScalar)
  practice!: string;

  @Field(() => DecimalScalar, { description: "lecture + practice" })
  total!: string;
}

export function hoursOf(lecture: bigint, practice: bigint): Hours {
  return { lecture: formatAmount(lecture), practice: formatAmount(practice), total: formatAmount(lecture + practice) };
}

@InterfaceType("CourseContent", { description: "What a course says about itself: shared by the course and each of its frozen versions." })
export abstract class CourseFields {
  @Field({ description: "Unique within the organization, upper case, e.g. ME-101." })
  code!: string;

  @Field({ description: "Official title, usually Chinese." })
  title!: string;

  @Field(() => String, { nullable: true })
  titleEn!: string | null;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field(() => Hours)
  hours!: Hours;

  @Field(() => Float, { description: "Practice hours as a share of all hours, 0–1." })
  practiceRatio!: number;

  @Field(() => DecimalScalar, { nullable: true, description: "Credits in the owner's credit unit; training providers may award none." })
  credits!: string | null;

  @Field(() => CourseLevelEnum)
  level!: CourseLevel;

  @Field(() => IndustryFieldEnum)
  field!: IndustryField;

  @Field(() => [String])
  learningOutcomes!: string[];

  @Field({ description: 'Language of instruction, a language tag such as "zh" or "en".' })
  language!: string;

  @Field(() => DateScalar, { nullable: true, description: "First day the course is offered under this description." })
  validFrom!: string | null;

  @Field(() => DateScalar, { nullable: true, description: "Last day the course is offered under this description." })
  validTo!: string | null;
}

@ObjectType("Course", {
  implements: [Node, CourseFields],
  description: "A unit of learning owned by one organization. Editing a published course makes a new version; earlier ones stay readable in `versions`.",
})
export class Course extends CourseFields implements Node {
  @Field(() => ID)
  id!: string;

  /** Database UUIDs; not exposed. */
  uuid!: string;
  organizationId!: string;

  @Field(() => CatalogStatusEnum)
  status!: CourseStatus;

  @Field(() => Int, { description: "Starts at 1; each edit of a published course adds 1." })
  version!: number;

  @Field()
  createdAt!: Date;

  @Field()
  updatedAt!: Date;
}

@ObjectType("CourseVersion", { implements: CourseFields, description: "A course as it was published: frozen, because agreements cite (course, version)." })
export class CourseVersion extends CourseFields {
  @Field(() => Int)
  version!: number;

  @Field()
  publishedAt!: Date;
}

function contentFields(content: CourseContent): CourseFields {
  const lecture = parseAmount(content.lectureHours);
  const practice = parseAmount(content.practiceHours);
  return {
    code: content.code,
    title: content.title,
    titleEn: content.titleEn,
    description: content.description,
    hours: hoursOf(lecture, practice),
    practiceRatio: practiceRatio(lecture, practice) ?? 0,
    credits: content.credits,
    level: content.level,
    field: content.field as IndustryField,
    learningOutcomes: content.learningOutcomes,
    language: content.language,
    validFrom: content.validFrom,
    validTo: content.validTo,
  };
}

/** The content of a course row in canonical form: what publishing freezes and what an edit is compared with. */
export function contentOf(row: CourseRow): CourseContent {
  return {
    code: row.code,
    title: row.title,
    titleEn: row.titleEn,
    description: row.description,
    lectureHours: formatAmount(parseAmount(row.lectureHours)),
    practiceHours: formatAmount(parseAmount(row.practiceHours)),
    credits: row.credits === null ? null : formatAmount(parseAmount(row.credits)),
    level: row.level,
    field: row.field,
    learningOutcomes: row.learningOutcomes,
    language: row.language,
    validFrom: row.validFrom,
    validTo: row.validTo,
  };
}

export function toCourse(row: CourseRow): Course {
  return Object.assign(new Course(), {
    ...contentFields(contentOf(row)),
    id: toGlobalId("Course", row.id),
    uuid: row.id,
    organizationId: row.organizationId,
    status: row.status,
    version: row.version,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  });
}

export function toCourseVersion(row: { version: number; snapshot: unknown; publishedAt: Date }): CourseVersion {
  return Object.assign(new CourseVersion(), { ...contentFields(row.snapshot as CourseContent), version: row.version, publishedAt: row.publishedAt });
}
