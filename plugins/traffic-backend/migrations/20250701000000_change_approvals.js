// @ts-check

/**
 * Approvals (issue 7): the approvals page asks for the queue (`state = 'pending-approval'`,
 * newest first) and for a requester's own changes; index both. The decision columns
 * (decided_by, decision_comment, decided_at) and `version` were created with the change log.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('changes', table => {
    table.index(['state', 'created_at'], 'changes_state_created_at_idx');
    table.index(['requested_by'], 'changes_requested_by_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('changes', table => {
    table.dropIndex(['state', 'created_at'], 'changes_state_created_at_idx');
    table.dropIndex(['requested_by'], 'changes_requested_by_idx');
  });
};
