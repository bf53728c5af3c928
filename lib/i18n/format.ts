/**
 * Filling a catalog's sentences: placeholders, plurals and numbers through `Intl`.
 * Runs in the browser and on the server; holds no sentences itself.
 */

/** One sentence per plural category the language uses (`Intl.PluralRules`); `other` always. */
export type Plural = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

export type Values = Record<string, string | number>;

const PLACEHOLDER = /\{(\w+)\}/g;

/** `{name}` in the template replaced by `values.name`; a placeholder with no value stays as written. */
export function fill(template: string, values: Values = {}): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/** The template split around its placeholders, so that a component can put elements in their place. */
export function templateParts(template: string): (string | { name: string })[] {
  return template.split(/(\{\w+\})/).filter(Boolean).map((part) => (/^\{\w+\}$/.test(part) ? { name: part.slice(1, -1) } : part));
}

/** The sentence for `count` in the language's plural rules, with `{count}` written as that language writes numbers. */
export function plural(language: string, forms: Plural, count: number, values: Values = {}): string {
  const form = forms[new Intl.PluralRules(language).select(count)] ?? forms.other;
  return fill(form, { ...values, count: new Intl.NumberFormat(language).format(count) });
}

/** A pattern that recognises any sentence filled from the template, whatever its values. */
export function templatePattern(template: string): RegExp {
  const escaped = template.replace(/[.*+?^$()|[\]\\]/g, "\\$&");
  return new RegExp(`^${escaped.replace(/\\?\{\w+\\?\}/g, ".+?")}$`, "s");
}
