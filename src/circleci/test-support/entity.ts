/**
 * The type, class and raw record every converted entity carries, for the
 * converter tests' expected entities (the key stays a literal in each test).
 */
export function typed(_type: string, _class: string[], rawData: unknown) {
  return { _type, _class, _rawData: [{ name: 'default', rawData }] };
}
