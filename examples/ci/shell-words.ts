// Just enough POSIX shell to read the command lines of a CI recipe: backslash-newline continuations,
// comments, quotes, and the operators that end a simple command (; && || | &). No expansion.

/** The simple commands of a script, each as its words (quotes removed, `$VAR` left as written). */
export function shellCommands(script: string): string[][] {
  const commands: string[][] = [];
  let words: string[] = [];
  let word = '';
  let inWord = false;
  const endWord = (): void => {
    if (inWord) words.push(word);
    word = '';
    inWord = false;
  };
  const endCommand = (): void => {
    endWord();
    if (words.length > 0) commands.push(words);
    words = [];
  };
  const text = script.replace(/\\\r?\n/g, ' ');
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i]!;
    if (c === '\n' || c === ';' || c === '&' || c === '|') { endCommand(); continue; }
    if (c === ' ' || c === '\t') { endWord(); continue; }
    if (c === '#' && !inWord) {
      while (i < text.length && text[i] !== '\n') i += 1;
      endCommand();
      continue;
    }
    inWord = true;
    if (c === '\\') { word += text[i + 1] ?? ''; i += 1; continue; }
    if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) throw new Error(`unterminated ' in: ${text.slice(i, i + 60)}`);
      word += text.slice(i + 1, end);
      i = end;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      for (; j < text.length && text[j] !== '"'; j += 1) {
        if (text[j] === '\\' && j + 1 < text.length) j += 1;
        word += text[j];
      }
      if (j >= text.length) throw new Error(`unterminated " in: ${text.slice(i, i + 60)}`);
      i = j;
      continue;
    }
    word += c;
  }
  endCommand();
  return commands;
}
