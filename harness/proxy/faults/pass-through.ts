// The clean control: every frame passes byte-exact, nothing is injected.
import type { Fault } from '../fault.ts';

export const passThrough: Fault = {
  name: 'pass-through',
  description: 'no fault: every packet passes byte-exact in both directions (the clean control)',
  rules: [],
  attach: () => ({}),
};
