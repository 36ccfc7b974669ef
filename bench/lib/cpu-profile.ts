// Summarises a V8 .cpuprofile (from `node --cpu-prof`): where the time went, by function (self time),
// by package or source folder (self time), and the functions whose subtree costs most (total time).
// Hand-written because it is small and the usual tools (clinic, speedscope) need a browser or a server.
//   node --import tsx bench/lib/cpu-profile.ts /tmp/prof/CPU…cpuprofile [rows]
import { readFileSync } from "node:fs";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** A readable place for a script URL: the package under node_modules, else the last folders of the path. */
export function placeOf(url: string): string {
  if (!url) return "(native)";
  const modules = url.lastIndexOf("node_modules/");
  if (modules >= 0) {
    const rest = url.slice(modules + "node_modules/".length).split("/");
    return rest[0]?.startsWith("@") ? `${rest[0]}/${rest[1]}` : (rest[0] ?? url);
  }
  return url.split("/").slice(-3).join("/");
}

export function summarise(profile: Profile, rows = 25): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = [...self.values()].reduce((a, b) => a + b, 0);

  const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);
  const selfByFunction = new Map<string, number>();
  const selfByPlace = new Map<string, number>();
  const totalByFunction = new Map<string, number>();
  for (const [id, us] of self) {
    const node = byId.get(id);
    if (!node) continue;
    const f = node.callFrame;
    const name = `${f.functionName || "(anonymous)"} ${placeOf(f.url)}:${f.lineNumber + 1}`;
    add(selfByFunction, name, us);
    add(selfByPlace, placeOf(f.url), us);
    // Total time: each distinct function on the stack once, so recursion is not counted twice.
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)?.callFrame;
      if (!frame) break;
      const key = `${frame.functionName || "(anonymous)"} ${placeOf(frame.url)}:${frame.lineNumber + 1}`;
      if (seen.has(key)) continue;
      seen.add(key);
      add(totalByFunction, key, us);
    }
  }
  const table = (title: string, m: Map<string, number>) =>
    [
      `${title}`,
      ...[...m]
        .sort((a, b) => b[1] - a[1])
        .slice(0, rows)
        .map(([k, us]) => `${(us / 1000).toFixed(0).padStart(8)} ms ${((100 * us) / total).toFixed(1).padStart(5)}%  ${k}`),
    ].join("\n");
  return [
    `total ${(total / 1000).toFixed(0)} ms sampled`,
    table("self time by package/folder", selfByPlace),
    table("self time by function", selfByFunction),
    table("total time by function", totalByFunction),
  ].join("\n\n");
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = process.argv[2];
  if (!file) throw new Error("usage: cpu-profile.ts <file.cpuprofile> [rows]");
  console.log(summarise(JSON.parse(readFileSync(file, "utf8")) as Profile, Number(process.argv[3]) || 25));
}
