import type { ClientInput } from "./client-channel.js";

/**
 * Thrown by `elicit()`, `sample()` and `listRoots()` in a 2026-07-28 call whose answer the client has
 * not given yet. It is not a failure: every step between the helper and the protocol layer
 * (result mapping, caches, timeouts, batches) lets it through, and the call ends as an
 * input-required result; the client answers and retries, and the method runs again from the top.
 */
export class InputNeededSignal extends Error {
  constructor(readonly round: InputRound) {
    super("The call needs input from the client; it ends as an input-required result and runs again when the client retries.");
    this.name = "InputNeededSignal";
  }
}

/** What a 2026-07-28 call carries from one round to the next, sealed in `requestState`. */
export interface SealedInputs {
  /** The tool or prompt name, or resource URI, the state was minted for. */
  target: string;
  /** Answers given so far, by key. */
  answers: Record<string, unknown>;
  /** Keys asked in the last round, whose answers arrive in this round's `inputResponses`. */
  asked: string[];
}

/**
 * The client's answers available to one run of a method, and the inputs it still needs. Each
 * question gets its key from its position in the run (`input-0`, `input-1`, ...), so a retried run
 * that asks the same questions in the same order finds the earlier answers.
 */
export class InputRound {
  private asked = 0;
  /** Inputs this run needed and found no answer for. */
  readonly missing = new Map<string, ClientInput>();

  constructor(
    readonly target: string,
    private readonly answers: Record<string, unknown>,
  ) {}

  /**
   * Starts a round from the sealed state of the previous one (if any) and the client's responses to
   * what it asked; responses to anything else are ignored.
   */
  static resume(target: string, sealed: SealedInputs | undefined, responses: Record<string, unknown> | undefined): InputRound {
    const answers: Record<string, unknown> = { ...sealed?.answers };
    for (const key of sealed?.asked ?? []) {
      if (responses && Object.hasOwn(responses, key)) answers[key] = responses[key];
    }
    return new InputRound(target, answers);
  }

  /** The recorded answer to the next question, or a rejection with `InputNeededSignal`. */
  ask(input: ClientInput): Promise<unknown> {
    const key = `input-${this.asked++}`;
    if (Object.hasOwn(this.answers, key)) return Promise.resolve(this.answers[key]);
    this.missing.set(key, input);
    return Promise.reject(new InputNeededSignal(this));
  }

  /** The state the next round resumes from. */
  seal(): SealedInputs {
    return { target: this.target, answers: this.answers, asked: [...this.missing.keys()] };
  }
}
