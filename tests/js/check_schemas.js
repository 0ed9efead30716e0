// Validate documents against the published vn_iso_qms JSON Schemas with Ajv, as an integrator would.
//
// Usage: node check_schemas.js < request.json > answer.json
// request: {"schemas": {name: schema, ...}, "cases": [{"id": ..., "schema": name, "doc": ...}]}
// answer:  {"ajv": version, "results": [{"id": ..., "valid": bool, "errors": [...]}]}
// Every schema is compiled in strict mode (draft 2020-12, formats from ajv-formats); a schema
// that Ajv refuses, or any strict-mode warning, makes the run fail.
"use strict";
const fs = require("fs");
const Ajv2020 = require("ajv/dist/2020").default;
const addFormats = require("ajv-formats").default;

const warnings = [];
const logger = {
  log: () => {},
  warn: (...args) => warnings.push(args.join(" ")),
  error: (...args) => warnings.push(args.join(" ")),
};
const ajv = new Ajv2020({ strict: true, allErrors: true, logger });
addFormats(ajv);

const request = JSON.parse(fs.readFileSync(0, "utf8"));
const validators = {};
for (const [name, schema] of Object.entries(request.schemas)) {
  validators[name] = ajv.compile(schema);
}
if (warnings.length) {
  process.stderr.write("Ajv strict-mode warnings:\n" + warnings.join("\n") + "\n");
  process.exit(2);
}
const results = request.cases.map((c) => {
  const validate = validators[c.schema];
  const valid = validate(c.doc);
  const errors = (validate.errors || []).map((e) => ({
    path: e.instancePath,
    keyword: e.keyword,
    message: e.message,
  }));
  return { id: c.id, valid, errors };
});
process.stdout.write(JSON.stringify({ ajv: require("ajv/package.json").version, results }));
