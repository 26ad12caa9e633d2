/** Whether a host name or address is the loopback interface: the one list that the listen check and the operator endpoints use. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** Whether a socket's remote address is loopback; IPv4-mapped IPv6 (`::ffff:127.0.0.1`) counts as its IPv4 address. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (address === undefined) return false;
  return isLoopback(address.startsWith('::ffff:') ? address.slice(7) : address);
}
