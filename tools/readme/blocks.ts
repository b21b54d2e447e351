/**
 * The fenced code blocks of a Markdown file, with the doc-test directive
 * written just above each (an HTML comment, invisible when rendered):
 *
 *   <!-- doc-test: skip (why it cannot run here) -->   not run; the reason is required
 *   <!-- doc-test: sample -->   a JSON answer: the first JSON the block before it prints
 *                               (npm run readme:sample rewrites it from a real run)
 *
 * Languages: sh/bash/shell run in bash, ts in tsx, js in node, json is
 * parsed (and compared when it is a sample), text is prose and not run.
 * Every block needs a language, so none is left out by accident.
 */
export type Directive = { kind: "skip"; reason: string } | { kind: "sample" };

export interface CodeBlock {
  file: string;
  /** 1-based line of the opening fence. */
  line: number;
  lang: string;
  code: string;
  directive?: Directive;
  /** Character offsets of the code (between the fences), for rewriting it. */
  codeStart: number;
  codeEnd: number;
}

export const RUN_LANGS = ["sh", "bash", "shell", "ts", "js", "json", "text"] as const;

function directiveOf(line: string | undefined): Directive | undefined | "malformed" {
  const m = /^<!--\s*doc-test:\s*(.*?)\s*-->$/.exec((line ?? "").trim());
  if (!m) return undefined;
  const skip = /^skip\s*\((.+)\)$/.exec(m[1]);
  if (skip) return { kind: "skip", reason: skip[1].trim() };
  if (m[1] === "sample") return { kind: "sample" };
  return "malformed";
}

export function codeBlocks(markdown: string, file: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  const lines = markdown.split("\n");
  const offsets: number[] = [];
  let at = 0;
  for (const l of lines) {
    offsets.push(at);
    at += l.length + 1;
  }
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(```+|~~~+)\s*([\w-]*)/.exec(lines[i]);
    if (!open) continue;
    const fence = open[2];
    let j = i + 1;
    while (j < lines.length && !lines[j].trimStart().startsWith(fence)) j++;
    if (j >= lines.length) throw new Error(`${file}:${i + 1}: unclosed code block`);
    let k = i - 1;
    while (k >= 0 && !lines[k].trim()) k--;
    const directive = directiveOf(lines[k]);
    if (directive === "malformed") throw new Error(`${file}:${k + 1}: a doc-test directive is "skip (reason)" or "sample": ${lines[k].trim()}`);
    const codeStart = offsets[i + 1] ?? markdown.length;
    const codeEnd = offsets[j];
    blocks.push({ file, line: i + 1, lang: open[3].toLowerCase(), code: markdown.slice(codeStart, codeEnd), directive, codeStart, codeEnd });
    i = j;
  }
  return blocks;
}

/** The first complete JSON value in `text` (a command may print several, or text around them). */
export function firstJson(text: string): unknown {
  const start = text.search(/[{[]/);
  if (start < 0) throw new Error(`no JSON in the output: ${text.slice(0, 200)}`);
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === "\\") i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === "{" || ch === "[") depth++;
    else if (ch === "}" || ch === "]") {
      if (--depth === 0) return JSON.parse(text.slice(start, i + 1));
    }
  }
  throw new Error(`unterminated JSON in the output: ${text.slice(start, start + 200)}`);
}
