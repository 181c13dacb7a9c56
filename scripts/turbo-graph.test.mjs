// The turbo task graph keeps its promise: a spec is an input only of the tasks generated from it (and of
// the emulator's conformance tests), so editing specs/faasgw.yaml re-runs faasgw and its dependents only.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { test } from "node:test";

const dry = JSON.parse(
  execFileSync("node_modules/.bin/turbo", ["run", "generate", "build", "typecheck", "test", "--dry=json"], {
    encoding: "utf8",
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: "1" },
    maxBuffer: 64 * 1024 * 1024,
  }),
);
const tasks = new Map(dry.tasks.map((task) => [task.taskId, task]));

/** Tasks whose hash changes when `file` changes: those reading it, and everything depending on them. */
function affectedBy(file) {
  const affected = new Set();
  const queue = [...tasks.values()].filter((t) => Object.keys(t.inputs ?? {}).some((i) => i.endsWith(file)));
  while (queue.length > 0) {
    const task = queue.pop();
    if (affected.has(task.taskId)) {
      continue;
    }
    affected.add(task.taskId);
    for (const id of task.dependents ?? []) {
      queue.push(tasks.get(id));
    }
  }
  return affected;
}

const packageOf = (taskId) => taskId.split("#")[0];

for (const [api, unaffected] of [
  ["faasgw", ["@lpkit/core", "@lpkit/domain", "@lpkit/sentinel", "@lpkit/idp", "@lpkit/connector"]],
  ["domain", ["@lpkit/core", "@lpkit/faasgw", "@lpkit/sentinel", "@lpkit/idp", "@lpkit/connector"]],
  ["sentinel", ["@lpkit/core", "@lpkit/domain", "@lpkit/faasgw", "@lpkit/idp", "@lpkit/connector"]],
  ["idp", ["@lpkit/core", "@lpkit/domain", "@lpkit/faasgw", "@lpkit/sentinel", "@lpkit/connector"]],
  ["connector", ["@lpkit/core", "@lpkit/domain", "@lpkit/faasgw", "@lpkit/sentinel", "@lpkit/idp"]],
]) {
  test(`editing specs/${api}.yaml re-runs @lpkit/${api} and its dependents only`, () => {
    const affected = affectedBy(`specs/${api}.yaml`);
    assert.ok(affected.has(`@lpkit/${api}#generate`), `@lpkit/${api}#generate reads specs/${api}.yaml`);
    assert.ok(affected.has(`@lpkit/${api}#build`), `@lpkit/${api}#build follows its generate`);
    assert.ok(affected.has(`@lpkit/${api}#test`), `@lpkit/${api}#test runs the spec's examples`);
    for (const pkg of unaffected) {
      const hit = [...affected].filter((id) => packageOf(id) === pkg);
      assert.deepEqual(hit, [], `${pkg} must not re-run when specs/${api}.yaml changes`);
    }
  });
}

test("generate outputs are declared, so a cache hit restores src/generated", () => {
  for (const api of ["domain", "sentinel", "faasgw", "idp", "connector"]) {
    const task = tasks.get(`@lpkit/${api}#generate`);
    assert.deepEqual(task.outputs, ["src/generated/**"]);
    assert.deepEqual(tasks.get(`@lpkit/${api}#build`).outputs, ["dist/**"]);
  }
});
