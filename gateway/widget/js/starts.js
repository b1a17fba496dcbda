// The day's starts as the time list shows them.

// With "any available", several staff members may offer one start: each start once (the
// same instant written with another offset is the same start), preferring the staff member
// this cart already holds it with, in time order.
export function distinctStarts(slots) {
  const byStart = new Map();
  for (const slot of slots) {
    const key = Date.parse(slot.start);
    const seen = byStart.get(key);
    if (!seen || (slot.held_by_you && !seen.held_by_you)) byStart.set(key, slot);
  }
  return [...byStart.values()].sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
}
