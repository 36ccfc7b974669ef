// The database engines a bench compares, and the side-by-side table it prints: one column per
// engine, one row per figure. An engine that cannot start here (no PostgreSQL installed, say) gets
// its reason instead of figures, and the other columns are still measured.

/** The engines compared by default: the embedded default and FerretDB on PostgreSQL (the launcher's DB_ENGINE values). */
export const DEFAULT_ENGINES = ["ferretdb", "ferretdb-postgresql"] as const;

/** `--engines a,b` from the command line, or the defaults. */
export function enginesFrom(args: readonly string[]): string[] {
  const i = args.indexOf("--engines");
  return i >= 0 && args[i + 1] ? args[i + 1]!.split(",").filter(Boolean) : [...DEFAULT_ENGINES];
}

/** Figures of one engine, by row label, in the order measured; or why the engine was not measured. */
export type EngineColumn = { engine: string; figures: Map<string, string>; skipped?: string };

/** Prints the columns side by side; rows are the union of every column's labels, in first-seen order. */
export function printSideBySide(title: string, columns: readonly EngineColumn[]): void {
  const rows = [...new Set(columns.flatMap((c) => [...c.figures.keys()]))];
  const cell = (c: EngineColumn, row: string) => c.figures.get(row) ?? (c.skipped ? "—" : "");
  const labelWidth = Math.max(...rows.map((r) => r.length), 6);
  const widths = columns.map((c) => Math.max(c.engine.length, ...rows.map((r) => cell(c, r).length)));
  console.log(`\n${title}`);
  console.log(`  ${"".padEnd(labelWidth)}  ${columns.map((c, i) => c.engine.padEnd(widths[i]!)).join("  ")}`);
  for (const row of rows) console.log(`  ${row.padEnd(labelWidth)}  ${columns.map((c, i) => cell(c, row).padEnd(widths[i]!)).join("  ")}`);
  for (const c of columns) if (c.skipped) console.log(`  ${c.engine}: not measured — ${c.skipped}`);
}
