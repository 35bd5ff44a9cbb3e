/**
 * Text from outside (a file, a link, a flag) quoted in a message: on one line, control (but tab) and direction
 * characters escaped (a newline would cut the command-line tools' one-line message short, a U+202E would
 * reverse what follows), and at most `max` characters, so a 20 kB value does not become a 20 kB message.
 */
export function quoted(text: string, max = 80): string {
  return `“${shown(text, max)}”`;
}

/** The same without the quotation marks, for a name that a message shows bare (an option, a dtype). */
export function shown(text: string, max = 80): string {
  const oneLine = text.replace(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}
