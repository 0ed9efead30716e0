// Validate a vn_iso_qms dataset in JavaScript before sending it on.
// Needs Node.js and two npm packages: npm install ajv ajv-formats
// Usage: node validate_dataset.js dataset.schema.json tinh.json
"use strict";
const fs = require("fs");
const Ajv2020 = require("ajv/dist/2020").default; // the JSON Schema 2020-12 dialect
const addFormats = require("ajv-formats").default; // "format": "date" and friends

const [schemaPath, dataPath] = process.argv.slice(2);
const ajv = new Ajv2020({ strict: true, allErrors: true });
addFormats(ajv);
const validate = ajv.compile(JSON.parse(fs.readFileSync(schemaPath, "utf8")));

const dataset = JSON.parse(fs.readFileSync(dataPath, "utf8"));
if (validate(dataset)) {
  console.log("valid");
} else {
  for (const error of validate.errors) {
    if (error.keyword !== "anyOf") console.log(error.instancePath, error.message);
  }
  process.exitCode = 1;
}
