'use strict';
// restify only calls spdy when a server is created with `spdy` options; the bot never does.
exports.createServer = function createServer() {
  throw new Error('SPDY/HTTP2 is not supported by this build of PZ-Consultbot');
};
