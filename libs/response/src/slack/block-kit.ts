/**
 * Small Block Kit builders that keep every payload inside Slack's limits:
 * at most 50 blocks, section text ≤ 3000 characters, plain text fields and
 * modal titles cut with `…`. Text for mrkdwn fields is escaped with `toMrkdwn`
 * from `@response/contracts`.
 */

export type Block = Record<string, unknown> & { type: string; block_id?: string };

export interface PlainText {
  type: 'plain_text';
  text: string;
  emoji?: boolean;
}

export interface ButtonElement {
  type: 'button';
  action_id: string;
  text: PlainText;
  value?: string;
  style?: 'primary' | 'danger';
  url?: string;
}

export const BlockLimits = {
  blocks: 50,
  sectionText: 3000,
  buttonText: 75,
  buttonValue: 2000,
  actionsElements: 25,
  modalTitle: 24,
  modalButton: 24,
  inputLabel: 2000,
  placeholder: 150,
  optionText: 75,
  messageText: 40_000,
  privateMetadata: 3000,
  blockId: 255,
} as const;

/** Cuts text to `max` characters (by code point), ending in `…` when cut. */
export function truncate(text: string, max: number): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  return `${chars.slice(0, Math.max(max - 1, 0)).join('')}…`;
}

export function plain(text: string, max: number = BlockLimits.sectionText): PlainText {
  return { type: 'plain_text', text: truncate(text, max), emoji: true };
}

export function section(blockId: string | undefined, text: string): Block {
  return {
    type: 'section',
    ...(blockId ? { block_id: blockId } : {}),
    text: { type: 'mrkdwn', text: truncate(text, BlockLimits.sectionText) },
  };
}

export function divider(): Block {
  return { type: 'divider' };
}

export function context(texts: string[]): Block {
  return {
    type: 'context',
    elements: texts.slice(0, 10).map((text) => ({ type: 'mrkdwn', text: truncate(text, 3000) })),
  };
}

export function button(
  actionId: string,
  text: string,
  value?: string,
  style?: 'primary' | 'danger',
): ButtonElement {
  return {
    type: 'button',
    action_id: actionId,
    text: plain(text, BlockLimits.buttonText),
    ...(value !== undefined ? { value: truncate(value, BlockLimits.buttonValue) } : {}),
    ...(style ? { style } : {}),
  };
}

export function actions(blockId: string, elements: ButtonElement[]): Block {
  return {
    type: 'actions',
    block_id: blockId,
    elements: elements.slice(0, BlockLimits.actionsElements),
  };
}

/** Keeps at most 50 blocks. */
export function limitBlocks(blocks: Block[]): Block[] {
  return blocks.slice(0, BlockLimits.blocks);
}

export interface Option {
  text: PlainText;
  value: string;
}

export function option(text: string, value: string): Option {
  return { text: plain(text, BlockLimits.optionText), value };
}

/** An input block whose action id equals its block id. */
export function input(
  blockId: string,
  label: string,
  element: Record<string, unknown>,
  options: { optional?: boolean; hint?: string } = {},
): Block {
  return {
    type: 'input',
    block_id: blockId,
    label: plain(label, BlockLimits.inputLabel),
    element: { ...element, action_id: blockId },
    optional: options.optional ?? false,
    ...(options.hint ? { hint: plain(options.hint, 2000) } : {}),
  };
}

export function textInput(
  options: {
    initial?: string | null;
    multiline?: boolean;
    maxLength?: number;
    placeholder?: string;
  } = {},
): Record<string, unknown> {
  return {
    type: 'plain_text_input',
    multiline: options.multiline ?? false,
    ...(options.initial
      ? {
          initial_value: options.maxLength
            ? truncate(options.initial, options.maxLength)
            : options.initial,
        }
      : {}),
    ...(options.maxLength ? { max_length: options.maxLength } : {}),
    ...(options.placeholder
      ? { placeholder: plain(options.placeholder, BlockLimits.placeholder) }
      : {}),
  };
}

export interface ModalInput {
  callbackId: string;
  title: string;
  submit?: string;
  close?: string;
  privateMetadata?: string;
  blocks: Block[];
}

export function modal(input: ModalInput): Record<string, unknown> {
  return {
    type: 'modal',
    callback_id: input.callbackId,
    title: plain(input.title, BlockLimits.modalTitle),
    submit: plain(input.submit ?? 'Submit', BlockLimits.modalButton),
    close: plain(input.close ?? 'Cancel', BlockLimits.modalButton),
    private_metadata: truncate(input.privateMetadata ?? '', BlockLimits.privateMetadata),
    blocks: limitBlocks(input.blocks),
  };
}
