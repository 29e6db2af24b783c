import fs from "node:fs";
import path from "node:path";

/** The README's example operations, one file each, shown in the explorer and run by the test suite. */
export const EXAMPLES_FOLDER = path.resolve(process.cwd(), "schema/examples");

export function loadExampleOperations(): { file: string; source: string }[] {
  if (!fs.existsSync(EXAMPLES_FOLDER)) return [];
  return fs
    .readdirSync(EXAMPLES_FOLDER)
    .filter((file) => file.endsWith(".graphql"))
    .sort()
    .map((file) => ({ file, source: fs.readFileSync(path.join(EXAMPLES_FOLDER, file), "utf8") }));
}

/** One document holding every example: the explorer's run button lets you pick the operation. */
export function explorerDocument(): string {
  const header = "# Ronghe example operations (schema/examples). Press ▶ and pick one.\n# Writes need a token: npm run token -- --role admin, then Headers: {\"Authorization\": \"Bearer …\"}\n\n";
  return header + loadExampleOperations().map((example) => example.source.trim()).join("\n\n") + "\n";
}
