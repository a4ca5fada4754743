// Checks GitHub Actions workflow files with GitHub's own parser and schema (@actions/workflow-parser, what the
// Actions service and editor use) and prints, per file, the errors found and the jobs it defines, as JSON lines.
// Usage: node validate-workflows.mjs FILE…
import { register } from 'node:module';
import { readFileSync } from 'node:fs';

register('./json-import-attributes.mjs', import.meta.url);
const { parseWorkflow, convertWorkflowTemplate, NoOperationTraceWriter } = await import('@actions/workflow-parser');

for (const path of process.argv.slice(2)) {
  const parsed = parseWorkflow({ name: path, content: readFileSync(path, 'utf8') }, new NoOperationTraceWriter());
  const template = await convertWorkflowTemplate(parsed.context, parsed.value);
  const errors = parsed.context.errors.getErrors().map(error => error.message);
  console.log(JSON.stringify({ path, errors, jobs: (template.jobs ?? []).map(job => job.id?.value ?? String(job.id)) }));
}
