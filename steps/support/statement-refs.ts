// The statement references a step may end with, `... [MQTT-3.1.4-5]` or `... [MQTT-3.2.2-4, MQTT-3.2.2-5]`
// (the attribution contract, notes/ATTRIBUTION.md): which spec statements that step asserts. The report
// reads them from the Gherkin; the step definitions only have to match them and ignore them.

/** One id, spelled as the spec tables spell it (e.g. MQTT-3.3.1.-1 keeps its stray dot). */
export const STATEMENT_ID = /MQTT-[0-9.-]+/;
/** The id list inside the brackets. */
export const STATEMENT_LIST = new RegExp(`${STATEMENT_ID.source}(?:,\\s*${STATEMENT_ID.source})*`);
/** The whole suffix on a pickle step's text (the report helper uses the same expression). */
export const STATEMENT_SUFFIX = new RegExp(`\\s\\[(${STATEMENT_LIST.source})\\]$`);

/** The ids a step text names in its trailing brackets, and the text without them. */
export function splitStatementRefs(text: string): { text: string; ids: string[] } {
  const match = STATEMENT_SUFFIX.exec(text);
  if (match === null) return { text, ids: [] };
  return { text: text.slice(0, match.index), ids: (match[1] ?? '').split(',').map((id) => id.trim()) };
}

/** The value the `{statementRefs}` parameter type yields; step wrappers recognise and drop it. */
export class StatementRefs {
  constructor(readonly ids: readonly string[]) {}
}
