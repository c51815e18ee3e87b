/** A configuration value is wrong. `key` is the dotted path (`config.limits.maxInflight`). */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly key: string, readonly detail: string, readonly file?: string) {
    super(`${file ? `${file}: ` : ''}${key}: ${detail}`);
  }
}
