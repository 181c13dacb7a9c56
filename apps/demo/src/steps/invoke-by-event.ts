/**
 * Step 5 (emulator only): invoke by event — every function registered for the event runs — and ask
 * `isImplemented` for an event that has a function and one that has none.
 *
 * @module
 */
import { formatMs, preview } from "../output/format.js";
import { timed } from "./invoke-timed.js";
import { type DemoStep, EMULATOR_ONLY } from "./types.js";

/**
 * An event no demo function is registered for.
 *
 * @example
 * ```ts
 * await lp.isImplemented(UNIMPLEMENTED_EVENT_ID); // false
 * ```
 */
export const UNIMPLEMENTED_EVENT_ID = "lpkit_demo_unimplemented_event";

/**
 * Invokes the demo event and asks `isImplemented` twice.
 *
 * @example
 * ```ts
 * await invokeByEventStep.run(context, recorder);
 * ```
 */
export const invokeByEventStep: DemoStep = {
  id: "invoke-by-event",
  title: "Invoke by event and ask isImplemented",
  essential: false,
  async run({ target, lp, state }, out) {
    const emulatorTarget = target.emulator;
    if (!emulatorTarget) {
      out.skip(`${EMULATOR_ONLY}: invoking an event would run whatever functions the account has for it`);
      return;
    }
    const { eventId } = emulatorTarget;
    const payload =
      target.payload !== undefined ? target.payload : { greeting: "hello from lpkit", via: "event" };
    const { response, ms } = await timed(state.invocationMs, () =>
      lp.invokeEvent(eventId, payload, target.userId ? { userId: target.userId } : undefined),
    );
    const implemented = await lp.isImplemented(eventId);
    const unimplemented = await lp.isImplemented(UNIMPLEMENTED_EVENT_ID);

    out.say(
      `invokeEvent("${eventId}") → ${response.status} in ${formatMs(ms)}: ${preview(response.data, 100)}`,
      `isImplemented("${eventId}") → ${implemented}`,
      `isImplemented("${UNIMPLEMENTED_EVENT_ID}") → ${unimplemented}`,
    );
    out.detail("eventId", eventId);
    out.detail("status", response.status);
    out.detail("result", response.data);
    out.detail("isImplemented", { [eventId]: implemented, [UNIMPLEMENTED_EVENT_ID]: unimplemented });

    const echoed = (response.data as { echo?: unknown } | null)?.echo;
    out.check(
      "the event's function ran and echoed the payload",
      JSON.stringify(echoed) === JSON.stringify(payload),
    );
    out.check(`isImplemented says yes for ${eventId}`, implemented === true);
    out.check(`isImplemented says no for ${UNIMPLEMENTED_EVENT_ID}`, unimplemented === false);
  },
};
