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
  /** The principal the state was minted for ("" for none): another caller cannot use it. */
  caller: string;
  /** Answers given so far, by key. */
  answers: Record<string, unknown>;
}

/** True when `answer` is a usable answer to `input` (the right kind, an accepted form that matches its schema). */
export type AnswerCheck = (input: ClientInput, answer: unknown) => boolean;

/**
 * The client's answers available to one run of a method, and the inputs it still needs. A question's
 * key is the one its helper was given, else its position in the run (`input-0`, `input-1`, ...), so
 * a retried run that asks the same questions in the same order finds the earlier answers.
 */
export class InputRound {
  private asked = 0;
  /** Inputs this run needed and found no usable answer for. */
  readonly missing = new Map<string, ClientInput>();

  private constructor(
    readonly target: string,
    readonly caller: string,
    private readonly answers: Record<string, unknown>,
    private readonly isAnswer: AnswerCheck,
  ) {}

  /**
   * Starts a round from the answers sealed by the previous rounds (if any) and this round's
   * responses. A response counts only when a question with its key is asked and it answers that
   * question; other keys are ignored.
   */
  static resume(target: string, caller: string, sealed: SealedInputs | undefined, responses: Record<string, unknown> | undefined, isAnswer: AnswerCheck): InputRound {
    const answers: Record<string, unknown> = Object.create(null);
    Object.assign(answers, sealed?.answers);
    if (responses && typeof responses === "object") Object.assign(answers, responses);
    return new InputRound(target, caller, answers, isAnswer);
  }

  /** The answer to the next question, or a rejection with `InputNeededSignal` when there is none yet. */
  ask(input: ClientInput, key: string = `input-${this.asked}`): Promise<unknown> {
    this.asked++;
    if (this.missing.has(key) || (key in this.answers && !this.isAnswer(input, this.answers[key]))) delete this.answers[key];
    if (key in this.answers) return Promise.resolve(this.answers[key]);
    this.missing.set(key, input);
    return Promise.reject(new InputNeededSignal(this));
  }

  /** The state the next round resumes from. */
  seal(): SealedInputs {
    return { target: this.target, caller: this.caller, answers: { ...this.answers } };
  }
}
