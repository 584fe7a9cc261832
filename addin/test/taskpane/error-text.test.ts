import assert from 'node:assert/strict';
import { ApiError } from '../../src/api/index.ts';
import { errorText } from '../../src/taskpane/error-text.ts';

describe('error messages in the pane', () => {
  it("should keep the service's message, add field details and say what to do where the user can act", () => {
    assert.equal(errorText(new ApiError(403, 'forbidden', 'This needs one of the roles admin; your role is analyst')), 'This needs one of the roles admin; your role is analyst.');
    assert.match(errorText(new ApiError(401, 'unauthenticated', 'The API key is not valid')), /^The API key is not valid\. Check the key, or ask an admin/);
    assert.equal(
      errorText(new ApiError(422, 'validation_failed', 'Request validation failed', [{ field: 'body.comment', message: 'at least 3 characters' }])),
      'Request validation failed (body.comment: at least 3 characters)',
    );
    assert.match(errorText(new ApiError(413, 'payload_too_large', 'The body is too large')), /BODY_LIMIT_BYTES/);
    assert.equal(errorText(new ApiError(500, 'internal_error', 'Something went wrong', [], 'req-1')), 'Something went wrong. Request id req-1.');
    assert.equal(errorText(new Error('Select a cell inside an Excel table first')), 'Select a cell inside an Excel table first.');
  });
});
