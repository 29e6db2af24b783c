// Where a server's CPU went: self time of a V8 CPU profile (`npm run bench -- --profile`)
// grouped by package (node_modules/<name>, `app` for src/, `node` for Node's internals,
// `gc`, `idle`), then the busiest functions.
//
//   node --import @swc-node/register/esm-register test/bench/profile-summary.ts test/bench/results/profiles/<file>.cpuprofile
import fs from "node:fs";

// The busiest functions worth reading; the rest is noise at this resolution.
const TOP_FUNCTIONS = 25;

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function packageOf(url: string, functionName: string): string {
  if (functionName === "(garbage collector)") return "gc";
  if (functionName === "(idle)" || functionName === "(program)") return functionName.slice(1, -1);
  const inModules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (inModules) return inModules[1];
  if (url.includes("/src/")) return "app";
  return url.startsWith("node:") || url === "" ? "node" : url;
}

function summarize(profile: Profile): string {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const byPackage = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const micros = profile.timeDeltas[i] ?? 0;
    const pkg = packageOf(url, functionName);
    if (pkg === "idle") return;
    total += micros;
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + micros);
    const name = `${functionName || "(anonymous)"} ${url.replace(/^.*node_modules\//, "").replace(/^.*\/src\//, "src/")}:${lineNumber + 1}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + micros);
  });
  const share = (micros: number) => `${((100 * micros) / total).toFixed(1).padStart(5)} %`;
  const sorted = (map: Map<string, number>) => [...map].sort((a, b) => b[1] - a[1]);
  return [
    `busy ${(total / 1e6).toFixed(1)} s (idle excluded)`,
    "",
    ...sorted(byPackage).map(([pkg, micros]) => `${share(micros)}  ${pkg}`),
    "",
    ...sorted(byFunction).slice(0, TOP_FUNCTIONS).map(([name, micros]) => `${share(micros)}  ${name}`),
  ].join("\n");
}

for (const file of process.argv.slice(2)) {
  process.stdout.write(`${file}\n${summarize(JSON.parse(fs.readFileSync(file, "utf8")) as Profile)}\n\n`);
}
