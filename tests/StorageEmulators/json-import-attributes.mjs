// A module hook for validate-workflows.mjs: GitHub's workflow parser imports its JSON schema without an import
// attribute, as bundlers allow and Node 20 does not; this adds the attribute to every .json import.
export async function load(url, context, nextLoad) {
  return nextLoad(url, url.endsWith('.json') ? { ...context, importAttributes: { type: 'json' } } : context);
}
