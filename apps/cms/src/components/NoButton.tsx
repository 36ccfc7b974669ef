/** Stands in for an admin button the server would refuse, so it is not offered at all. */
export function NoButton() {
  return null;
}
