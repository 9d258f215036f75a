import { InvalidArgumentError } from 'commander';
import { parseOffsetsArgument } from './parseOffsetsArgument.js';

describe('parseOffsetsArgument', () => {
  it('reads partition:offset pairs separated by commas, spaces allowed', () => {
    expect(parseOffsetsArgument('0:15, 2:7,11:0')).toEqual([
      { partition: 0, offset: '15' },
      { partition: 2, offset: '7' },
      { partition: 11, offset: '0' },
    ]);
  });

  it('keeps offsets beyond 2^53 exact and drops leading zeros', () => {
    expect(parseOffsetsArgument('1:9007199254740993,0:007')).toEqual([
      { partition: 1, offset: '9007199254740993' },
      { partition: 0, offset: '7' },
    ]);
  });

  it.each([
    ['', "expected partition:offset pairs such as 0:15,2:7, got ''"],
    [',', "expected partition:offset pairs such as 0:15,2:7, got ','"],
    ['15', "'15' is not partition:offset (e.g. 0:15)"],
    ['0:15,1', "'1' is not partition:offset (e.g. 0:15)"],
    ['-1:3', "'-1:3' is not partition:offset (e.g. 0:15)"],
    ['0:x', "'0:x' is not partition:offset (e.g. 0:15)"],
  ])('refuses %p naming the bad pair', (text, message) => {
    expect(() => parseOffsetsArgument(text)).toThrow(InvalidArgumentError);
    expect(() => parseOffsetsArgument(text)).toThrow(message);
  });
});
