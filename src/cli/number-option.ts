import { InvalidArgumentError } from 'commander';

interface NumberRule {
  min: number;
  max?: number;
  /** Whole numbers only (the default); false also takes fractions. */
  whole?: boolean;
  /** What the error says when the value is not such a number. */
  hint: string;
}

/** A commander option parser for a number in a range; anything else is refused with `hint`. */
export function numberOption({
  min,
  max = Infinity,
  whole = true,
  hint,
}: NumberRule): (value: string) => number {
  return (value) => {
    const n = Number(value);
    const isNumber = whole ? Number.isInteger(n) : Number.isFinite(n);
    if (!isNumber || n < min || n > max) throw new InvalidArgumentError(hint);
    return n;
  };
}
