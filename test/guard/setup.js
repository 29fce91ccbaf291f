module.exports = require('./project-files').setup;
