import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isIdNumber, isMobile, isPlate, withIdCheckDigit } from './validation.js';

test('mobile numbers: 11 digits starting 13-19', () => {
  for (const ok of ['13800000001', '19912345678', '15099887766']) assert.equal(isMobile(ok), true, ok);
  for (const bad of ['12800000001', '1380000000', '138000000011', '+8613800000001', '1380000000a', '']) assert.equal(isMobile(bad), false, bad);
});

test('ID numbers: check digit, birth date and shape', () => {
  // The standard's own example (GB 11643-1999 appendix): 11010519491231002X.
  assert.equal(isIdNumber('11010519491231002X'), true);
  assert.equal(isIdNumber('11010519491231002x'), true, 'lower-case x is accepted');
  assert.equal(isIdNumber('110105194912310021'), false, 'wrong check digit');
  assert.equal(isIdNumber('11010519491331002X'), false, 'month 13');
  assert.equal(isIdNumber('11010519490230002X'.slice(0, 17) + withIdCheckDigit('11010519490230002').slice(-1)), false, 'February 30th');
  assert.equal(isIdNumber('01010519491231002X'), false, 'region cannot start with 0');
  assert.equal(isIdNumber('1101051949123100'), false, 'too short');
  const generated = withIdCheckDigit('65010219900101123');
  assert.equal(isIdNumber(generated), true);
});

test('plates: ordinary and new-energy, no I or O', () => {
  for (const ok of ['新A12345', '新AD12345', '新A12345D', '新B8K261', '京N·A1234', 'xina12345'.replace('xin', '新')]) assert.equal(isPlate(ok), true, ok);
  for (const bad of ['新I12345', '新A1234', '新A1234567', 'AA12345', '新AO1234', '', '新A12345DD']) assert.equal(isPlate(bad), false, bad);
});
