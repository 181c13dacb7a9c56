import { describe, expect, it } from "vitest";
import { formatLogEntry, loggedParams } from "./request-log.js";

describe("the request log", () => {
  it("formats one line with the route, status, time and naming parameters", () => {
    const line = formatLogEntry({
      time: Date.UTC(2030, 0, 1, 12, 34, 56, 789),
      method: "POST",
      route: "faasgw.invoke",
      status: 901,
      durationMs: 3.14,
      params: { accountId: "12345678", lambdaUuid: "3fa85f64-5717-4562-b3fc-2c963f66afa6" },
      fault: "status",
      bodyUnread: true,
    });
    expect(line).toBe(
      "12:34:56.789 POST faasgw.invoke 901 3.1 ms account=12345678 lambda=3fa85f64-5717-4562-b3fc-2c963f66afa6 fault=status body-unread",
    );
  });

  it("keeps only parameters that name things, and only tame values", () => {
    expect(
      loggedParams({
        accountId: "12345678",
        serviceName: "sentinel",
        other: "x",
        eventId: "evil\r\ninjected",
        lambdaUuid: "a".repeat(200),
      }),
    ).toEqual({ accountId: "12345678", serviceName: "sentinel" });
  });
});
