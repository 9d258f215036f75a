/** Only a server on this machine's loopback is ours to start; anything else is someone else's to run. */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\./.test(host);
}
