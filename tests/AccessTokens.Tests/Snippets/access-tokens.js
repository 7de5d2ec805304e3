// snippet:start
// Express middleware: lets a request through when AccessTokens says its Authorization header opens `resource`.
function accessTokens({ service, resource }) {
  return async (req, res, next) => {
    const authorization = req.get('authorization');
    if (!authorization) {
      return res.status(401).set('WWW-Authenticate', 'Bearer').end();
    }
    try {
      const query = new URLSearchParams({ resource, method: req.method });
      const answer = await fetch(`${service}/api/v1/auth/check?${query}`, { headers: { authorization } });
      if (!answer.ok) {
        // 401, 403, 429 or 503: pass the service's problem (and its challenge) on.
        const challenge = answer.headers.get('www-authenticate');
        if (challenge) res.set('WWW-Authenticate', challenge);
        return res.status(answer.status).type('application/problem+json').send(await answer.text());
      }
      req.accessToken = await answer.json(); // { user, tokenId, resource, expiresAt }
      next();
    } catch (error) {
      next(error); // the service did not answer: never let the request through
    }
  };
}

module.exports = { accessTokens };

// const express = require('express');
// const app = express();
// app.use('/requests', accessTokens({ service: 'http://accesstokens:5080', resource: 'requests' }));
// app.get('/requests', (req, res) => res.send(`Hello ${req.accessToken.user}`));
// snippet:end
