/** The USPS street suffixes (Publication 28, appendix C1) as the `street-types` package lists them. */
declare module 'street-types' {
  const types: readonly { suffix: string; abbrs: readonly string[]; standardAbbr: string }[];
  export default types;
}
