module.exports = require('./project-files').teardown;
