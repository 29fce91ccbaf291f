import { parseCircleCITime } from './time';

test.each([
  ['2023-04-14T21:20:14Z', Date.parse('2023-04-14T21:20:14Z')],
  ['2023-04-14T21:20:14.123Z', Date.parse('2023-04-14T21:20:14.123Z')],
  ['#joda/inst 2023-04-14T21:20:14+0000', Date.parse('2023-04-14T21:20:14Z')],
  ['2023-04-14T23:20:14+0200', Date.parse('2023-04-14T21:20:14Z')],
  [null, undefined],
  [undefined, undefined],
  ['', undefined],
  ['not a date', undefined],
])('parseCircleCITime(%p) = %p', (input, expected) => {
  expect(parseCircleCITime(input)).toBe(expected);
});
