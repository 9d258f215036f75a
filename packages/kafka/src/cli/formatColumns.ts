/**
 * Rows as left-aligned columns two spaces apart, the first row being the header; lines are joined with
 * newlines, with no trailing newline and no trailing blanks.
 */
export function formatColumns(rows: readonly (readonly string[])[]): string {
  const header = rows[0] ?? [];
  const widths = header.map((_, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0)));
  return rows
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
