/** The environment variable through which Jest's global setup shares its DynamoDB Local. */
export const SHARED_DYNAMODB_LOCAL = 'ANTIRELOU_TEST_DYNAMODB_LOCAL';
