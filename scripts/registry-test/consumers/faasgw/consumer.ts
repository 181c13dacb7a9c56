// Consumer of @lpkit/faasgw, type-checked (never run) under nodenext and bundler resolution.
import {
  createFaasClient,
  type FaasClient,
  type FaasClientOptions,
  FunctionError,
  GatewayError,
  type InvokeResponse,
} from "@lpkit/faasgw";

const options: FaasClientOptions = {
  baseUrl: "va.faasgw.liveperson.net",
  accountId: "12345678",
  auth: async () => "Bearer token",
};
const faas: FaasClient = createFaasClient(options);

export async function greet(name: string): Promise<string> {
  try {
    const response: InvokeResponse<{ greeting: string }> = await faas.invoke<{ greeting: string }>(
      "3fa85f64-5717-4562-b3fc-2c963f66afa6",
      { name },
    );
    return response.data.greeting;
  } catch (error) {
    if (error instanceof FunctionError || error instanceof GatewayError) {
      return `${error.code}: ${error.errorCode ?? ""}`;
    }
    throw error;
  }
}

// @ts-expect-error an account id is required
createFaasClient({ baseUrl: "x", auth: async () => "Bearer t" });
