// Consumer of @lpkit/emulator, type-checked (never run) under nodenext and bundler resolution.
import {
  createEmulator,
  DEMO,
  type Emulator,
  type EmulatorOptions,
  type LambdaHandler,
} from "@lpkit/emulator";

const options: EmulatorOptions = { demo: true, port: 0 };
const emulator: Emulator = createEmulator(options);

const greet: LambdaHandler = (payload) => ({ greeting: `hello ${JSON.stringify(payload)}` });

export async function start(): Promise<string> {
  await emulator.start();
  emulator.registerLambda("0f3c4d5e-1111-4222-8333-444455556666", greet);
  const token: string = await emulator.mintToken({ accountId: DEMO.accountId });
  await emulator.stop();
  return `${emulator.url} ${token.length}`;
}
