// @ts-check

/**
 * The change log of the traffic backend: every submitted change with its objects, dry-run result,
 * diff against live state, state and outcome. Designed for approvals (DESIGN §7): the decision
 * columns, `version` for compare-and-set state transitions across backend instances, and indexes
 * for the approvals page's filters.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('changes', table => {
    table.comment(
      'Traffic changes submitted through the traffic backend (applied, failed, dry-run or awaiting approval)',
    );
    table
      .string('id', 36)
      .primary()
      .notNullable()
      .comment('UUID of the change');
    table
      .string('cluster', 255)
      .notNullable()
      .comment('Configured cluster name');
    table
      .string('journey', 64)
      .notNullable()
      .comment('Journey the objects were built from, or "objects"');
    table
      .string('entity_ref', 512)
      .nullable()
      .comment('Catalog entity the change is for');
    table
      .string('requested_by', 512)
      .notNullable()
      .comment('User entity ref of the requester');
    table
      .text('reason')
      .nullable()
      .comment('Why the requester wants the change');
    table
      .string('state', 32)
      .notNullable()
      .comment(
        'dry-run | unchanged | pending-approval | approved | rejected | applied | failed',
      );
    table
      .text('input')
      .nullable()
      .comment('JSON: the journey input as submitted');
    table.text('objects').notNullable().comment('JSON: objects in apply order');
    table
      .text('object_refs')
      .notNullable()
      .comment('JSON: kind/namespace/name of each object');
    table
      .text('plan')
      .notNullable()
      .comment(
        'JSON: per object action (create/update/unchanged) and diff vs live',
      );
    table
      .text('dry_run_result')
      .notNullable()
      .comment('JSON: normalized objects from the server dry-run');
    table
      .text('warnings')
      .notNullable()
      .comment('JSON: warnings for the requester');
    table.text('message').notNullable().comment('Outcome in words');
    table
      .text('policy_reasons')
      .notNullable()
      .comment('JSON: approval rules that matched');
    table
      .text('failed_object')
      .nullable()
      .comment('JSON: the object that failed to apply');
    table
      .string('decided_by', 512)
      .nullable()
      .comment('User entity ref of the approver/rejecter');
    table.text('decision_comment').nullable();
    table
      .integer('version')
      .notNullable()
      .defaultTo(0)
      .comment('Incremented on every update (compare-and-set)');
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.timestamp('decided_at', { useTz: true }).nullable();
    table.timestamp('applied_at', { useTz: true }).nullable();
    table.index(['state'], 'changes_state_idx');
    table.index(['entity_ref'], 'changes_entity_ref_idx');
    table.index(['cluster'], 'changes_cluster_idx');
    table.index(['created_at'], 'changes_created_at_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('changes');
};
