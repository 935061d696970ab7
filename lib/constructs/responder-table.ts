import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import type { ItemKey } from '../../lambda/adapters/table-keys';
import { TTL_ATTRIBUTE } from '../../lambda/adapters/table-keys';

/** Key attribute names of the single-table layout (`lambda/adapters/table-keys.ts`). */
const PARTITION_KEY: keyof ItemKey = 'pk';
const SORT_KEY: keyof ItemKey = 'sk';

/**
 * The responder's single table: budget counters, sender state (opt-outs, windows, blocks),
 * runtime controls and evidence. On demand (a raid must not be throttled into retries), TTL
 * for clean-up, point-in-time recovery, encrypted with a key of its own, and retained when the
 * stack is deleted: opt-outs and evidence must outlive any redeploy.
 */
export class ResponderTable extends Construct {
  readonly table: dynamodb.Table;
  /** The table's customer-managed key (retained with the table: without it the data is unreadable). */
  readonly key: kms.Key;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.key = new kms.Key(this, 'Key', {
      description: 'antirelou: encrypts the responder table (counters, opt-outs, evidence)',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.table = new dynamodb.Table(this, 'Resource', {
      partitionKey: { name: PARTITION_KEY, type: dynamodb.AttributeType.STRING },
      sortKey: { name: SORT_KEY, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: TTL_ATTRIBUTE,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.key,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}
