import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, it } from 'vitest';
import { feedback } from '../../cli/commands/feedback';
import { SERVICES } from '../../core/services';
import { DEPLOY } from '../../deploy/config';
import { FEEDBACK_STATE_DIR } from '../../deploy/k8s/feedback';
import { BEHAVIOURS } from '../../feedback/behaviours';
import { STATE_PATH } from '../../feedback/channel';

it('docs/feedback-loop.md lists each behaviour with its trigger and cooldown as the code declares them', () => {
  const doc = readFileSync(resolve(__dirname, '../../docs/feedback-loop.md'), 'utf8');
  for (const behaviour of BEHAVIOURS) {
    const row = doc.split('\n').find((line) => line.startsWith(`| ${behaviour.name} |`));
    expect(row, behaviour.name).toBeDefined();
    expect(row).toContain(behaviour.trigger);
    expect(row).toContain(`| ${behaviour.cooldown} |`);
  }
});

it('docs/feedback-loop.md gives the deployed controller\'s address, port, state file and every serve flag as the code does', () => {
  const doc = readFileSync(resolve(__dirname, '../../docs/feedback-loop.md'), 'utf8');
  const { name, port } = SERVICES.feedback;
  expect(doc).toContain(`AQE_FEEDBACK_URL=http://${name}.${DEPLOY.namespace}.svc:${port}`);
  expect(doc).toContain(`a Service \`${name}\` on port ${port}`);
  const entrypoint = JSON.parse(/^ENTRYPOINT (.*)$/m.exec(readFileSync(resolve(__dirname, '../../Dockerfile'), 'utf8'))![1]!) as string[];
  expect(doc).toContain(`exec deploy/${name} -- ${entrypoint.join(' ')} telemetry feedback status --state ${FEEDBACK_STATE_DIR}/${name}.json`);
  expect(doc).toContain(`(default \`127.0.0.1:${port}\``);
  expect(doc).toContain(`port-forward deploy/${name} ${port}\` and\n  \`aqe telemetry feedback status --controller http://127.0.0.1:${port}\``);
  expect(doc).toContain(`\`GET ${STATE_PATH}\``);
  for (const flag of Object.keys(feedback.options).filter((f) => f !== 'window')) expect(doc, `--${flag}`).toContain(`--${flag}`);
  expect(doc).toContain(`(\`${DEPLOY.feedback.mode}\` until you switch it`);
});
