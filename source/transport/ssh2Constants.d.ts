// ssh2's own algorithm lists (lib/protocol/constants.js), which its package does not export. ssh2 is pinned to an
// exact version in package.json; test/transport/sshAlgorithms.test.ts checks that these lists are still there.
declare module 'ssh2/lib/protocol/constants.js' {
  const constants: {
    DEFAULT_KEX: readonly string[];
    SUPPORTED_KEX: readonly string[];
    DEFAULT_SERVER_HOST_KEY: readonly string[];
    SUPPORTED_SERVER_HOST_KEY: readonly string[];
    DEFAULT_CIPHER: readonly string[];
    SUPPORTED_CIPHER: readonly string[];
    DEFAULT_MAC: readonly string[];
    SUPPORTED_MAC: readonly string[];
  };
  export default constants;
}
