/** zod issues -> the first problem per field, as the forms show them under each input. */
export function issuesByField(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): Record<string, string> {
  const problems: Record<string, string> = {};
  for (const issue of issues) problems[String(issue.path[0])] ??= issue.message;
  return problems;
}
