// The floor: the least a server can do to answer the catalog page and the
// node lookup — node:http, hand-written SQL through `postgres` (prepared
// statements, the same pool size as Ronghe), JSON.stringify — returning the
// same JSON as Ronghe's GraphQL answer (`data` only). It accepts the same
// request bodies ({ query, variables }) and reads only the variables, so the
// same load drives both and the report shows Ronghe as a fraction of this.
//
//   DATABASE_URL=postgres://… PORT=4100 node --import @swc-node/register/esm-register test/bench/floor.ts
import http from "node:http";
import postgres from "postgres";

const POOL_SIZE = 10; // as src/db/database.ts
const PAGE_SIZE = 20;
const PACKAGES_PER_COURSE = 5;

const sql = postgres(process.env.DATABASE_URL!, { max: POOL_SIZE, onnotice: () => undefined });

const globalId = (type: string, id: string) => Buffer.from(`${type}:${id}`, "utf8").toString("base64url");
const escapeLike = (text: string) => text.replace(/[\\%_]/g, (char) => `\\${char}`);

interface CourseRow {
  id: string;
  code: string;
  title: string;
  title_en: string | null;
  credits: string | null;
  level: string;
  field: string;
  status: string;
  version: number;
  lecture_hours: string;
  practice_hours: string;
  total_hours: string;
  organization_id: string;
  organization_name: string;
}

function courseFields(row: CourseRow) {
  return {
    id: globalId("Course", row.id),
    code: row.code,
    title: row.title,
    titleEn: row.title_en,
    credits: row.credits,
    level: row.level,
    field: row.field,
    status: row.status,
    hours: { lecture: row.lecture_hours, practice: row.practice_hours, total: row.total_hours },
    organization: { id: globalId("Organization", row.organization_id), name: row.organization_name },
  };
}

/** The catalog page: published courses matching the term, by the catalog's relevance score, with their first packages. */
async function catalogPage(text: string) {
  const term = text.trim().normalize("NFKC").toLowerCase();
  const prefix = `${escapeLike(term)}%`;
  const contains = `%${escapeLike(term)}%`;
  const [rows, [{ total }]] = await Promise.all([
    sql<(CourseRow & { score: number; packages: { id: string; code: string; title: string; version: number }[] })[]>`
      select c.id, c.code, c.title, c.title_en, c.credits, c.level, c.field, c.status, c.version, c.lecture_hours, c.practice_hours,
        (c.lecture_hours + c.practice_hours)::text as total_hours, o.id as organization_id, o.name as organization_name,
        (case when lower(c.code) = ${term} then 5
              when lower(c.title) like ${prefix} or lower(coalesce(c.title_en, '')) like ${prefix} then 4
              when lower(c.code) like ${prefix} then 3
              when lower(c.title) like ${contains} or lower(coalesce(c.title_en, '')) like ${contains} then 2
              else 1 end * 1000
         + least(999, floor(greatest(similarity(lower(c.title), ${term}), similarity(lower(coalesce(c.title_en, '')), ${term})) * 1000))::int) as score,
        coalesce((select json_agg(json_build_object('id', p.id, 'code', p.code, 'title', p.title, 'version', p.version) order by p.id)
          from (select p.id, p.code, p.title, p.version from course_package_item i join course_package p on p.id = i.package_id
                where i.course_id = c.id and p.status = 'PUBLISHED' order by p.id limit ${PACKAGES_PER_COURSE}) p), '[]'::json) as packages
      from course c join organization o on o.id = c.organization_id
      where c.status = 'PUBLISHED' and c.search_text like ${contains}
      order by score desc, c.id
      limit ${PAGE_SIZE + 1}`,
    sql<{ total: number }[]>`select count(*)::int as total from course c where c.status = 'PUBLISHED' and c.search_text like ${contains}`,
  ]);
  const page = rows.slice(0, PAGE_SIZE);
  const last = page.at(-1);
  return {
    courses: {
      totalCount: total,
      pageInfo: { hasNextPage: rows.length > PAGE_SIZE, endCursor: last ? Buffer.from(JSON.stringify(["RELEVANCE", last.score, last.id]), "utf8").toString("base64url") : null },
      nodes: page.map((row) => ({
        ...courseFields(row),
        packages: { nodes: row.packages.map((item) => ({ id: globalId("CoursePackage", item.id), code: item.code, title: item.title, version: item.version })) },
      })),
    },
  };
}

/** `node(id)` for a course: null for a draft (the caller is anonymous) or an unknown ID. */
async function courseNode(id: string) {
  const [type, uuid] = Buffer.from(id, "base64url").toString("utf8").split(":");
  if (type !== "Course" || !uuid) return { node: null };
  const [row] = await sql<CourseRow[]>`
    select c.id, c.code, c.title, c.title_en, c.credits, c.level, c.field, c.status, c.version, c.lecture_hours, c.practice_hours,
      (c.lecture_hours + c.practice_hours)::text as total_hours, o.id as organization_id, o.name as organization_name
    from course c join organization o on o.id = c.organization_id
    where c.id = ${uuid}`;
  if (!row || row.status === "DRAFT") return { node: null };
  const { organization, ...fields } = courseFields(row);
  return { node: { ...fields, version: row.version, organization } };
}

const ROUTES: Record<string, (variables: Record<string, string>) => Promise<unknown>> = {
  "/catalog": (variables) => catalogPage(variables.text),
  "/node": (variables) => courseNode(variables.id),
};

const server = http.createServer((req, res) => {
  const route = ROUTES[req.url ?? ""];
  if (req.method !== "POST" || !route) return void res.writeHead(404).end();
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    const { variables } = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { variables: Record<string, string> };
    route(variables).then(
      (data) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ data })),
      (error: unknown) => res.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify({ errors: [{ message: String(error) }] })),
    );
  });
});

server.listen(Number(process.env.PORT ?? 4100), "127.0.0.1");
process.once("SIGTERM", () => server.close(() => void sql.end({ timeout: 5 }).then(() => process.exit(0))));
