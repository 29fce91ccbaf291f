module.exports = {
  singleQuote: true,
  trailingComma: 'all',
  proseWrap: 'always',
};
