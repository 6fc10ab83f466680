import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { ROOT } from './processes.js';

/** Debian's Chromium; Playwright never downloads a browser of its own here. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const VIEWPORT = { width: 1280, height: 1000 };
/** A top-level Adaptive Card in the Playground's chat (cards shown by Action.ShowCard sit inside). */
const CARD = '.ac-preview-panel > .ac-adaptiveCard';

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** Only the loopback address: the Playground's fonts and telemetry on Microsoft's CDN are not reachable anyway. */
async function loopbackOnly(page: Page): Promise<void> {
  await page.route((url) => url.hostname !== '127.0.0.1' && url.hostname !== 'localhost', (route) => route.abort());
}

/** The Playground's web page, driven as a person would: typing in the compose box, clicking cards. */
export class PlaygroundPage {
  private constructor(
    readonly page: Page,
    private readonly artifacts: string,
  ) {}

  static async open(browser: Browser, url: string, artifacts: string): Promise<PlaygroundPage> {
    const page = await browser.newPage({ viewport: VIEWPORT, locale: 'nl-NL' });
    await loopbackOnly(page);
    await page.goto(url);
    await page.locator('[data-lexical-editor="true"]').waitFor();
    return new PlaygroundPage(page, artifacts);
  }

  /** Opens a conversation from the Playground's list: "Personal Chat", or a channel as "<team> - <channel>". */
  async open(conversation: string): Promise<void> {
    await this.page.getByRole('treeitem', { name: conversation }).click();
  }

  /** Starts a new post in the open channel that @mentions the bot, as Teams requires for the bot to read it. */
  async postMentioningBot(text: string, bot = 'PZ-Consultbot'): Promise<void> {
    await this.page.getByRole('group').filter({ hasText: 'Start a new post' }).getByRole('textbox').click();
    await this.page.keyboard.type(`@${bot.slice(0, 2)}`);
    await this.page.getByRole('menuitem', { name: bot }).click();
    await this.page.keyboard.type(` ${text}`);
    await this.page.keyboard.press('Enter');
  }

  /** Types a message in the compose box and sends it with Enter. */
  async say(text: string): Promise<void> {
    const compose = this.page.locator('[data-lexical-editor="true"]');
    await compose.click();
    await this.page.keyboard.type(text);
    await this.page.keyboard.press('Enter');
  }

  /** The cards in the chat whose text contains `text`, oldest first. */
  cards(text: string | RegExp): Locator {
    return this.page.locator(CARD).filter({ hasText: text });
  }

  /** Waits for exactly one card containing `text` and returns it. */
  async card(text: string | RegExp, timeout = 15_000): Promise<Locator> {
    const card = this.cards(text);
    await card.first().waitFor({ timeout });
    return card.last();
  }

  /** Waits for a plain message (not a card) from the bot containing `text`. */
  async message(text: string | RegExp, timeout = 15_000): Promise<void> {
    await this.page.getByText(text).first().waitFor({ timeout });
  }

  /** Saves the card (or any part of the page) as `<name>.png` in the artifacts folder, growing the window for a tall one. */
  async screenshot(card: Locator, name: string): Promise<string> {
    const box = await card.boundingBox();
    const needed = Math.ceil((box?.height ?? 0) + 400);
    if (needed > (this.page.viewportSize()?.height ?? 0)) await this.page.setViewportSize({ width: VIEWPORT.width, height: needed });
    await card.scrollIntoViewIfNeeded();
    const path = join(this.artifacts, `${name}.png`);
    await card.screenshot({ path, animations: 'disabled' });
    await this.page.setViewportSize(VIEWPORT);
    return path;
  }

  /** The whole page, for a failing run. */
  async screenshotPage(name: string): Promise<void> {
    await this.page.screenshot({ path: join(this.artifacts, `${name}.png`), fullPage: true });
  }

  async close(): Promise<void> {
    await this.page.close();
  }
}

/** Fills an Adaptive Card form the way a person does: by the labels they read. */
export class CardForm {
  constructor(private readonly card: Locator) {}

  async text(label: string, value: string): Promise<void> {
    await this.card.getByLabel(label).fill(value);
  }

  /** A compact Input.ChoiceSet, shown by the Playground as a drop-down list. */
  async pick(label: string, choice: string): Promise<void> {
    await this.card.getByRole('combobox', { name: label }).click();
    await this.card.page().getByRole('option', { name: choice, exact: true }).click();
  }

  /** An expanded Input.ChoiceSet: radio buttons, or check boxes when several may be chosen. */
  async choose(choice: string): Promise<void> {
    await this.card.getByText(choice, { exact: true }).click();
  }

  /** Whether a radio button or check box of an expanded Input.ChoiceSet is ticked: the input beside the label the reader sees. */
  async isChosen(choice: string): Promise<boolean> {
    return this.card.locator(`xpath=.//label[normalize-space(.)=${JSON.stringify(choice)}]/preceding-sibling::input`).first().isChecked();
  }

  /** What a text field or a drop-down list shows. */
  async shown(label: string): Promise<string> {
    const field = this.card.getByLabel(label).first();
    return (await field.evaluate((el) => ['INPUT', 'TEXTAREA'].includes((el as { tagName: string }).tagName))) ? field.inputValue() : field.innerText();
  }

  async press(button: string): Promise<void> {
    await this.card.getByRole('button', { name: button, exact: true }).click();
  }
}

/**
 * A card the Playground does not show (it went to a user driven over HTTP), drawn with the
 * Adaptive Cards renderer from node_modules on a blank page, so it can be looked at like the others.
 */
export async function screenshotCardJson(browser: Browser, card: unknown, path: string): Promise<void> {
  const page = await browser.newPage({ viewport: { width: 480, height: 800 }, locale: 'nl-NL' });
  try {
    await loopbackOnly(page);
    await page.setContent('<!doctype html><html><body style="margin:0;background:#f5f5f5;font-family:sans-serif"><div id="card" style="width:440px;margin:20px;background:#fff"></div></body></html>');
    await page.addScriptTag({ content: readFileSync(join(ROOT, 'node_modules/adaptivecards/dist/adaptivecards.min.js'), 'utf8') });
    await page.evaluate((json) => {
      const AC = (globalThis as any).AdaptiveCards;
      const adaptiveCard = new AC.AdaptiveCard();
      adaptiveCard.parse(json);
      (globalThis as any).document.getElementById('card').appendChild(adaptiveCard.render());
    }, card);
    await page.locator('#card').screenshot({ path });
  } finally {
    await page.close();
  }
}
