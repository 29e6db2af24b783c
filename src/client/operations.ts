/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** Records that a learner completed a course of the caller's organization (its registrar or provider, or an admin). */
export type AchievementRecordInput = {
  /** The day the learner completed the course (not after today, China time). */
  completedOn: string;
  /** A published course of the caller's organization. */
  courseId: string;
  /** As graded on the organization's scale, e.g. "85" or "优秀". */
  grade: string;
  /** Client key (1–128 chars): a retry with the same key and input returns the original achievement. */
  idempotencyKey: string;
  /** A learner registered at the course's organization. */
  learnerId: string;
};

export type AgreementDirection =
  /** Every party recognises the others' courses, each rule in the direction it states. */
  | 'MUTUAL'
  /** Receiving parties recognise sending parties' courses, never the reverse. */
  | 'ONE_WAY';

/** Whose courses are recognised (SENDING) and who recognises them (RECEIVING). */
export type AgreementPartyRole =
  | 'BOTH'
  | 'RECEIVING'
  | 'SENDING';

export type AgreementStatus =
  /** A version is approved by every party (it applies from its validFrom: see `inForce`). */
  | 'ACTIVE'
  /** The in-force version's validTo has passed (derived from the date, never stored). */
  | 'EXPIRED'
  /** No version has been approved by every party yet. */
  | 'PROPOSED'
  /** Approved, but a party paused recognition under it. */
  | 'SUSPENDED'
  /** Ended by a party; applies to nothing dated on or after `termination.effectiveOn`. */
  | 'TERMINATED';

/** Asks the receiving organization's registrar's question: what do these achievements earn here? */
export type CreditTransferInput = {
  /** The learner's achievements offered for recognition (1–50, each once). */
  achievementIds: Array<string>;
  /** Required client key (1–128 chars): a retry with the same key and input returns the original result. */
  idempotencyKey: string;
  learnerId: string;
  /** The rule to apply; omitted: the applicable rule granting the most credits. */
  ruleId?: string | null | undefined;
  /** The receiving organization: the caller's own. */
  targetOrganizationId: string;
};

/** Industry field of a course, after the State Council's list of industries for industry–education integration. */
export type IndustryField =
  /** 航空发动机及燃气轮机 */
  | 'AERO_ENGINES_GAS_TURBINES'
  /** 人工智能 */
  | 'ARTIFICIAL_INTELLIGENCE'
  /** 生物医药 */
  | 'BIOMEDICINE'
  /** 文化 */
  | 'CULTURE'
  /** 网络安全 */
  | 'CYBERSECURITY'
  /** 数字创意 */
  | 'DIGITAL_CREATIVE'
  /** 高效物流 */
  | 'EFFICIENT_LOGISTICS'
  /** 养老 */
  | 'ELDERLY_CARE'
  /** 节能环保 */
  | 'ENERGY_SAVING_ENVIRONMENTAL'
  /** 电子商务 */
  | 'E_COMMERCE'
  /** 融资租赁 */
  | 'FINANCIAL_LEASING'
  /** 健康 */
  | 'HEALTH'
  /** 高端装备 */
  | 'HIGH_END_EQUIPMENT'
  /** 家政 */
  | 'HOUSEKEEPING'
  /** 集成电路 */
  | 'INTEGRATED_CIRCUITS'
  /** 智能制造 */
  | 'INTELLIGENT_MANUFACTURING'
  /** 现代农业 */
  | 'MODERN_AGRICULTURE'
  /** 现代交通运输 */
  | 'MODERN_TRANSPORT'
  /** 新能源 */
  | 'NEW_ENERGY'
  /** 新材料 */
  | 'NEW_MATERIALS'
  /** 新一代信息技术 */
  | 'NEXT_GENERATION_IT'
  /** 其他 */
  | 'OTHER'
  /** 研发设计 */
  | 'RESEARCH_AND_DESIGN'
  /** 服务外包 */
  | 'SERVICE_OUTSOURCING'
  /** 智慧城市 */
  | 'SMART_CITY'
  /** 旅游 */
  | 'TOURISM';

export type OrganizationKind =
  /** An enterprise training provider; `code` is its 18-character unified social credit code (统一社会信用代码). */
  | 'TRAINING_PROVIDER'
  /** A university or vocational college; `code` is its 10-digit MOE institution identifier (学校标识码). */
  | 'UNIVERSITY';

/** AND: all are needed; OR: any one suffices. */
export type RuleConjunction =
  | 'AND'
  | 'OR';

export type RuleCreditsKind =
  /** A fixed number of credits. */
  | 'FIXED'
  /** The source courses' lecture and practice hours divided by the agreement's hours per credit. */
  | 'FROM_HOURS';

export type RuleTargetKind =
  /** One or more courses of the target organization. */
  | 'COURSES'
  /** Credits in an elective category of the target organization. */
  | 'ELECTIVE_BLOCK'
  /** Explicitly not recognised, with a reason. */
  | 'NO_RECOGNITION';

export type TransferOutcome =
  /** Nothing moved; the reasons say why. Recorded so that it can be appealed. */
  | 'DENIED'
  /** Recognised in full: the credits moved into the learner's account at the target. */
  | 'GRANTED'
  /** Recognised up to the agreement's per-learner cap (reason CAP_REACHED). */
  | 'PARTIAL';

/** Why a transfer decision is not a plain grant. */
export type TransferReasonCode =
  /** An achievement's value is held by another transfer; reverse that one first. */
  | 'ALREADY_TRANSFERRED'
  /** The learner's credits under the agreement reached its per-learner maximum. */
  | 'CAP_REACHED'
  /** The usable achievements do not cover the rule's source courses. */
  | 'INCOMPLETE_AND_GROUP'
  /** An achievement's normalised grade is below the rule's (or agreement's) minimum. */
  | 'MIN_GRADE_NOT_MET'
  /** The rule explicitly does not recognise the courses (its reason is the detail). */
  | 'NOT_RECOGNIZED'
  /** No agreement version was in force on the achievement's completion date, or no agreement covers the courses at all. */
  | 'NO_ACTIVE_AGREEMENT'
  /** An achievement was completed longer ago than the agreement allows. */
  | 'RECENCY_EXCEEDED'
  /** The rule recognises the courses at another organization; equivalence is never used in reverse. */
  | 'WRONG_DIRECTION';

/** Why a mutation refused its input. Nothing is written when any is returned. */
export type UserErrorCode =
  | 'ACHIEVEMENT_ALREADY_RECORDED'
  | 'ACHIEVEMENT_OF_ANOTHER_LEARNER'
  | 'AGREEMENT_TERMINATED'
  | 'ALREADY_APPEALED'
  | 'ALREADY_APPROVED'
  | 'ALREADY_DECIDED'
  | 'ALREADY_PUBLISHED'
  | 'ALREADY_RETIRED'
  | 'ALREADY_REVERSED'
  | 'ALREADY_TRANSFERRED'
  | 'APPEAL_PENDING'
  | 'CODE_TAKEN'
  | 'CONSENT_ALREADY_GRANTED'
  | 'CONSENT_NOT_GRANTED'
  | 'CONSENT_REQUIRED'
  | 'COURSE_NOT_OF_PARTY'
  | 'COURSE_NOT_PUBLISHED'
  | 'COURSE_OF_ANOTHER_ORGANIZATION'
  | 'COURSE_RETIRED'
  | 'DUPLICATE_ACHIEVEMENT'
  | 'DUPLICATE_COLUMN'
  | 'DUPLICATE_COURSE'
  | 'DUPLICATE_PARTY'
  | 'DUPLICATE_ROW'
  | 'EMPTY_FILE'
  | 'EMPTY_GROUP'
  | 'EMPTY_PACKAGE'
  | 'EXTERNAL_REF_TAKEN'
  | 'FUTURE_DATE'
  | 'GRADE_INVALID'
  | 'GRADE_NOT_PASSING'
  | 'IDEMPOTENCY_KEY_REUSED'
  | 'IMPORT_REJECTED'
  | 'INVALID_CODE'
  | 'INVALID_CREDITS'
  | 'INVALID_DATE_RANGE'
  | 'INVALID_HOURS'
  | 'INVALID_ID'
  | 'INVALID_IDEMPOTENCY_KEY'
  | 'INVALID_NUMBER'
  | 'INVALID_PARTY_ROLE'
  | 'INVALID_TRANSITION'
  | 'INVALID_URL'
  | 'INVALID_VALUE'
  | 'KEY_ROTATION_UNAVAILABLE'
  | 'LEARNER_LINK_SAME_ORGANIZATION'
  | 'LEARNER_OF_ANOTHER_ORGANIZATION'
  | 'MALFORMED_CSV'
  | 'MISSING_COLUMN'
  | 'NATIONAL_ID_NOT_ALLOWED'
  | 'NOT_A_TRAINING_PROVIDER'
  | 'NOT_DRAFT'
  | 'NOT_FOUND'
  | 'NOT_GRANTABLE'
  | 'NOT_LATEST_VERSION'
  | 'NOT_PUBLISHED'
  | 'NOT_REVERSIBLE'
  | 'NOT_SUSPENDING_PARTY'
  | 'ORGANIZATION_NOT_A_PARTY'
  | 'OUTSIDE_COURSE_VALIDITY'
  | 'PRACTICE_RATIO_TOO_LOW'
  | 'REQUIRED'
  | 'TERMS_HASH_MISMATCH'
  | 'TERMS_UNCHANGED'
  | 'TOO_FEW_PARTIES'
  | 'TOO_LONG'
  | 'TOO_MANY_ITEMS'
  | 'UNDECODABLE_FILE'
  | 'UNKNOWN_COLUMN'
  | 'UNKNOWN_COURSE'
  | 'UNKNOWN_ORGANIZATION'
  | 'WRONG_SIDE_FOR_DIRECTION';

export type SearchCoursesQueryVariables = Exact<{
  text?: string | null | undefined;
  first?: number | null | undefined;
}>;


export type SearchCoursesQuery = { courses: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, code: string, title: string, titleEn: string | null, credits: string | null, field: IndustryField, hours: { lecture: string, practice: string, total: string }, organization:
        | { id: string, name: string }
        | { id: string, name: string }
      , packages: { nodes: Array<{ code: string, title: string }> } }> } };

export type OrganizationsQueryVariables = Exact<{
  kind?: OrganizationKind | null | undefined;
  first?: number | null | undefined;
}>;


export type OrganizationsQuery = { organizations: { totalCount: number, nodes: Array<
      | { __typename: 'TrainingProvider', id: string, name: string, nameEn: string | null, code: string, region: string | null, courses: { totalCount: number, nodes: Array<{ code: string, title: string }> } }
      | { __typename: 'University', id: string, name: string, nameEn: string | null, code: string, region: string | null, courses: { totalCount: number, nodes: Array<{ code: string, title: string }> } }
    > } };

export type AgreementsQueryVariables = Exact<{
  text?: string | null | undefined;
  first?: number | null | undefined;
}>;


export type AgreementsQuery = { agreements: { nodes: Array<{ id: string, code: string, title: string, status: AgreementStatus, direction: AgreementDirection, version: number, termsHash: string, terms: { lectureHoursPerCredit: string, practiceHoursPerCredit: string, minGrade: number | null, maxCreditsPerLearner: string | null, allowTransitive: boolean }, parties: Array<{ role: AgreementPartyRole, approvedAt: string | null, organization:
          | { name: string }
          | { name: string }
         }>, rules: { nodes: Array<{ id: string, source: { groupConjunction: RuleConjunction, groups: Array<{ conjunction: RuleConjunction, courses: Array<{ course: { id: string, code: string, title: string } }> }> }, target: { kind: RuleTargetKind, courses: Array<{ course: { code: string, title: string } }> }, credits: { kind: RuleCreditsKind, credits: string | null } | null }> } }> } };

export type EquivalencesQueryVariables = Exact<{
  courseIds: Array<string> | string;
  targetOrganizationId?: string | null | undefined;
  maxHops?: number | null | undefined;
}>;


export type EquivalencesQuery = { equivalences: Array<{ noRecognitionReason: string | null, credits: string, complete: boolean, hops: number, targetOrganization:
      | { name: string }
      | { name: string }
    , targetCourses: Array<{ code: string, title: string }>, electiveBlock: { credits: string, category: string | null } | null, missingCourses: Array<{ code: string, title: string }>, path: Array<{ agreementVersion: { version: number }, agreement: { code: string }, fromCourses: Array<{ code: string }>, toCourses: Array<{ code: string }> }> }> };

export type RecordAchievementMutationVariables = Exact<{
  input: AchievementRecordInput;
}>;


export type RecordAchievementMutation = { achievementRecord: { replayed: boolean, achievement: { id: string, grade: string, normalizedGrade: string, completedOn: string, hours: { lecture: string, practice: string, total: string }, course: { code: string, title: string } } | null, userErrors: Array<{ code: UserErrorCode, field: Array<string> | null, message: string }> } };

export type TransferCreditsMutationVariables = Exact<{
  input: CreditTransferInput;
}>;


export type TransferCreditsMutation = { creditTransfer: { replayed: boolean, transfer: { id: string, targetOrganization:
        | { name: string }
        | { name: string }
       } | null, decision: { outcome: TransferOutcome, credits: string, agreementVersion: number | null, termsHash: string | null, reasons: Array<{ code: TransferReasonCode, detail: string }>, agreement: { code: string } | null } | null, userErrors: Array<{ code: UserErrorCode, field: Array<string> | null, message: string }> } };

export type LearnerRecordQueryVariables = Exact<{
  learnerId: string;
  organizationId: string;
}>;


export type LearnerRecordQuery = { node:
    | { displayName: string, organization:
        | { name: string }
        | { name: string }
      , achievements: { nodes: Array<{ grade: string, completedOn: string, isTransferred: boolean, course: { code: string, title: string } }> }, transfers: { nodes: Array<{ decision: { outcome: TransferOutcome, credits: string, reasons: Array<{ code: TransferReasonCode }> }, targetOrganization:
            | { name: string }
            | { name: string }
           }> }, balances: Array<{ unit: string, amount: string, organization:
          | { name: string }
          | { name: string }
         }>, transcript: { totalCredits: string } }
    | Record<PropertyKey, never>
   | null };

export type LedgerCheckpointQueryVariables = Exact<{ [key: string]: never; }>;


export type LedgerCheckpointQuery = { ledgerCheckpoint: { treeSize: number, rootHash: string, issuedAt: string, keyId: string, jws: string } | null, ledgerUnitTotals: Array<{ unit: string, total: string }> };

export type InclusionProofQueryVariables = Exact<{
  entryId: string;
}>;


export type InclusionProofQuery = { ledgerInclusionProof: { leafIndex: number, treeSize: number, leafHash: string, auditPath: Array<string>, rootHash: string } };


export const SearchCoursesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"SearchCourses"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"text"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}},"defaultValue":{"kind":"StringValue","value":"智能","block":false}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}},"defaultValue":{"kind":"IntValue","value":"10"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"courses"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"text"},"value":{"kind":"Variable","name":{"kind":"Name","value":"text"}}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"titleEn"}},{"kind":"Field","name":{"kind":"Name","value":"hours"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"lecture"}},{"kind":"Field","name":{"kind":"Name","value":"practice"}},{"kind":"Field","name":{"kind":"Name","value":"total"}}]}},{"kind":"Field","name":{"kind":"Name","value":"credits"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"organization"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"packages"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"3"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"title"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<SearchCoursesQuery, SearchCoursesQueryVariables>;
export const OrganizationsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Organizations"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"kind"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"OrganizationKind"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}},"defaultValue":{"kind":"IntValue","value":"10"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"organizations"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"kind"},"value":{"kind":"Variable","name":{"kind":"Name","value":"kind"}}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"nameEn"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"region"}},{"kind":"Field","name":{"kind":"Name","value":"courses"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"3"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"title"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<OrganizationsQuery, OrganizationsQueryVariables>;
export const AgreementsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Agreements"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"text"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}},"defaultValue":{"kind":"StringValue","value":"智能制造","block":false}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}},"defaultValue":{"kind":"IntValue","value":"5"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"agreements"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"text"},"value":{"kind":"Variable","name":{"kind":"Name","value":"text"}}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"direction"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"termsHash"}},{"kind":"Field","name":{"kind":"Name","value":"terms"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"lectureHoursPerCredit"}},{"kind":"Field","name":{"kind":"Name","value":"practiceHoursPerCredit"}},{"kind":"Field","name":{"kind":"Name","value":"minGrade"}},{"kind":"Field","name":{"kind":"Name","value":"maxCreditsPerLearner"}},{"kind":"Field","name":{"kind":"Name","value":"allowTransitive"}}]}},{"kind":"Field","name":{"kind":"Name","value":"parties"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"approvedAt"}},{"kind":"Field","name":{"kind":"Name","value":"organization"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"rules"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"10"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"source"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"groupConjunction"}},{"kind":"Field","name":{"kind":"Name","value":"groups"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"conjunction"}},{"kind":"Field","name":{"kind":"Name","value":"courses"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"course"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"title"}}]}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"target"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"courses"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"course"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"title"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"credits"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"credits"}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<AgreementsQuery, AgreementsQueryVariables>;
export const EquivalencesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Equivalences"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"courseIds"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"targetOrganizationId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"maxHops"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}},"defaultValue":{"kind":"IntValue","value":"1"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"equivalences"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"courseIds"},"value":{"kind":"Variable","name":{"kind":"Name","value":"courseIds"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"targetOrganizationId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"targetOrganizationId"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"maxHops"},"value":{"kind":"Variable","name":{"kind":"Name","value":"maxHops"}}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"targetOrganization"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"targetCourses"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"title"}}]}},{"kind":"Field","name":{"kind":"Name","value":"electiveBlock"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"credits"}},{"kind":"Field","name":{"kind":"Name","value":"category"}}]}},{"kind":"Field","name":{"kind":"Name","value":"noRecognitionReason"}},{"kind":"Field","name":{"kind":"Name","value":"credits"}},{"kind":"Field","name":{"kind":"Name","value":"complete"}},{"kind":"Field","name":{"kind":"Name","value":"missingCourses"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"title"}}]}},{"kind":"Field","name":{"kind":"Name","value":"hops"}},{"kind":"Field","name":{"kind":"Name","value":"path"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"agreementVersion"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"version"}}]}},{"kind":"Field","name":{"kind":"Name","value":"agreement"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}}]}},{"kind":"Field","name":{"kind":"Name","value":"fromCourses"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}}]}},{"kind":"Field","name":{"kind":"Name","value":"toCourses"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]}}]} as unknown as DocumentNode<EquivalencesQuery, EquivalencesQueryVariables>;
export const RecordAchievementDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RecordAchievement"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AchievementRecordInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"achievementRecord"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"achievement"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"grade"}},{"kind":"Field","name":{"kind":"Name","value":"normalizedGrade"}},{"kind":"Field","name":{"kind":"Name","value":"completedOn"}},{"kind":"Field","name":{"kind":"Name","value":"hours"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"lecture"}},{"kind":"Field","name":{"kind":"Name","value":"practice"}},{"kind":"Field","name":{"kind":"Name","value":"total"}}]}},{"kind":"Field","name":{"kind":"Name","value":"course"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"title"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"replayed"}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<RecordAchievementMutation, RecordAchievementMutationVariables>;
export const TransferCreditsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"TransferCredits"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreditTransferInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"creditTransfer"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"transfer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"targetOrganization"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"decision"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"outcome"}},{"kind":"Field","name":{"kind":"Name","value":"credits"}},{"kind":"Field","name":{"kind":"Name","value":"reasons"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"detail"}}]}},{"kind":"Field","name":{"kind":"Name","value":"agreementVersion"}},{"kind":"Field","name":{"kind":"Name","value":"termsHash"}},{"kind":"Field","name":{"kind":"Name","value":"agreement"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"replayed"}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<TransferCreditsMutation, TransferCreditsMutationVariables>;
export const LearnerRecordDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"LearnerRecord"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"learnerId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"organizationId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"learnerId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Learner"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"organization"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"achievements"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"20"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"course"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"title"}}]}},{"kind":"Field","name":{"kind":"Name","value":"grade"}},{"kind":"Field","name":{"kind":"Name","value":"completedOn"}},{"kind":"Field","name":{"kind":"Name","value":"isTransferred"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"transfers"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"20"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"decision"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"outcome"}},{"kind":"Field","name":{"kind":"Name","value":"credits"}},{"kind":"Field","name":{"kind":"Name","value":"reasons"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"targetOrganization"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"balances"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"organization"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"unit"}},{"kind":"Field","name":{"kind":"Name","value":"amount"}}]}},{"kind":"Field","name":{"kind":"Name","value":"transcript"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"organizationId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"organizationId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCredits"}}]}}]}}]}}]}}]} as unknown as DocumentNode<LearnerRecordQuery, LearnerRecordQueryVariables>;
export const LedgerCheckpointDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"LedgerCheckpoint"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ledgerCheckpoint"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"treeSize"}},{"kind":"Field","name":{"kind":"Name","value":"rootHash"}},{"kind":"Field","name":{"kind":"Name","value":"issuedAt"}},{"kind":"Field","name":{"kind":"Name","value":"keyId"}},{"kind":"Field","name":{"kind":"Name","value":"jws"}}]}},{"kind":"Field","name":{"kind":"Name","value":"ledgerUnitTotals"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"unit"}},{"kind":"Field","name":{"kind":"Name","value":"total"}}]}}]}}]} as unknown as DocumentNode<LedgerCheckpointQuery, LedgerCheckpointQueryVariables>;
export const InclusionProofDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"InclusionProof"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"entryId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ledgerInclusionProof"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"entryId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"entryId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"leafIndex"}},{"kind":"Field","name":{"kind":"Name","value":"treeSize"}},{"kind":"Field","name":{"kind":"Name","value":"leafHash"}},{"kind":"Field","name":{"kind":"Name","value":"auditPath"}},{"kind":"Field","name":{"kind":"Name","value":"rootHash"}}]}}]}}]} as unknown as DocumentNode<InclusionProofQuery, InclusionProofQueryVariables>;