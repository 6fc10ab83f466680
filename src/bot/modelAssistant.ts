import { join } from 'node:path';
import { GPTTokenizer, LLMClient, OpenAIModel, PromptManager, type Memory, type PromptCompletionModel } from '@microsoft/teams-ai';
import type { TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import { ConsultRequestSchema } from '../domain/consultRequest.js';
import { redact } from '../domain/redaction.js';
import { PROJECT_ROOT } from '../projectRoot.js';

/**
 * The optional language model. It is off unless the network configures an endpoint on an
 * allowed host; it only ever receives redacted text; and whatever it answers must pass the same
 * schema as the consult form, or the caller falls back to the rules without the user noticing.
 */

const PROMPTS_FOLDER = join(PROJECT_ROOT, 'prompts');

export const ModelSuggestionSchema = ConsultRequestSchema.pick({
  urgency: true,
  setting: true,
  form: true,
  complexity: true,
  dimensions: true,
  question: true,
}).partial();

export interface ModelSettings {
  endpoint?: string;
  apiKey: string;
  model: string;
  allowedHosts: readonly string[];
}

/**
 * The configured model, or why there is none. An endpoint on a host that is not allowed is
 * refused here, before any client exists, so not a single request can reach it.
 */
export function configuredModel(settings: ModelSettings): { model?: PromptCompletionModel; refused?: string } {
  if (!settings.endpoint) return {};
  const host = new URL(settings.endpoint).hostname.toLowerCase();
  if (!settings.allowedHosts.includes(host)) return { refused: `taalmodel op ${host} staat niet op de lijst van toegestane hosts; het wordt niet gebruikt` };
  return { model: new OpenAIModel({ apiKey: settings.apiKey, defaultModel: settings.model, endpoint: settings.endpoint }) };
}

/** The minimal memory LLMClient reads its input from. */
class PromptMemory implements Memory {
  private readonly values = new Map<string, unknown>();
  deleteValue = (path: string): void => void this.values.delete(path);
  hasValue = (path: string): boolean => this.values.has(path);
  getValue = <T>(path: string): T => this.values.get(path) as T;
  setValue = (path: string, value: unknown): void => void this.values.set(path, value);
}

export class ModelAssistant {
  private readonly prompts = new PromptManager({ promptsFolder: PROMPTS_FOLDER });

  constructor(
    private readonly model: PromptCompletionModel,
    private readonly logger: Logger,
    private readonly timeoutMs = 8_000,
  ) {}

  /** Form values the model read from the request, or undefined when it gave nothing usable. */
  async suggestConsult(context: TurnContext, text: string) {
    const answer = await this.complete(context, 'consult-intake', redact(text).text);
    if (answer === undefined) return undefined;
    try {
      const json = JSON.parse(answer.replace(/^```(?:json)?\s*|\s*```$/g, ''));
      const parsed = ModelSuggestionSchema.safeParse(json);
      if (parsed.success) return parsed.data;
    } catch {
      // Not JSON: fall through to the rules.
    }
    this.logger.info({ prompt: 'consult-intake' }, 'model answer unusable; rules used');
    return undefined;
  }

  /** A draft advice summary from the relayed conversation, for the specialist to edit and confirm. */
  async draftSummary(context: TurnContext, conversation: { from: string; text: string }[]): Promise<string | undefined> {
    const transcript = conversation.map((m) => `${m.from}: ${m.text}`).join('\n');
    const answer = await this.complete(context, 'advice-summary', redact(transcript).text);
    const draft = answer?.trim();
    return draft && draft.length >= 5 ? draft.slice(0, 1000) : undefined;
  }

  private async complete(context: TurnContext, promptName: string, input: string): Promise<string | undefined> {
    const client = new LLMClient({ model: this.model, template: await this.prompts.getPrompt(promptName), tokenizer: new GPTTokenizer(), max_repair_attempts: 0 });
    const memory = new PromptMemory();
    memory.setValue('temp.input', input);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), this.timeoutMs)));
    try {
      const response = await Promise.race([client.completePrompt(context, memory, this.prompts), timeout]);
      if (!response) this.logger.warn({ prompt: promptName }, 'model timed out; rules used');
      return response?.status === 'success' && typeof response.message?.content === 'string' ? response.message.content : undefined;
    } catch (error) {
      this.logger.warn({ prompt: promptName, err: { message: (error as Error).message } }, 'model failed; rules used');
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }
}
