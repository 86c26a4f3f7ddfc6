import { Column, Entity, PrimaryColumn } from 'typeorm';

export type SnapshotImportStatus = 'staging' | 'applied' | 'rejected' | 'failed';

/** What an import found: problems by line and column, and columns it read past. */
export interface SnapshotImportReport {
  errorCount: number;
  /** The first problems (at most MAX_REPORTED_PROBLEMS), in file order. */
  errors: Array<{ line: number; column: string | null; practiceOdsCode?: string; reason: string }>;
  ignoredColumns: string[];
  warnings: string[];
  /** Practices whose figures for the month were replaced by this import. */
  replacedPractices?: number;
}

/** One upload of a GPW practice file: its progress while it is staged, then its outcome. */
@Entity({ name: 'workforce_snapshot_import' })
export class SnapshotImportEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'text' }) status!: SnapshotImportStatus;
  @Column({ name: 'snapshot_date', type: 'date', nullable: true }) snapshotDate!: string | null;
  @Column({ name: 'data_source', type: 'text' }) dataSource!: string;
  @Column({ name: 'imported_by', type: 'text' }) importedBy!: string;
  @Column({ name: 'importer_role', type: 'text' }) importerRole!: string;
  @Column({ name: 'total_rows', type: 'integer' }) totalRows!: number;
  @Column({ name: 'processed_rows', type: 'integer' }) processedRows!: number;
  @Column({ name: 'practice_count', type: 'integer' }) practiceCount!: number;
  @Column({ name: 'hub_ids', type: 'uuid', array: true }) hubIds!: string[];
  @Column({ type: 'jsonb' }) report!: SnapshotImportReport;
  @Column({ type: 'text', nullable: true }) failure!: string | null;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
  @Column({ name: 'applied_at', type: 'timestamptz', nullable: true }) appliedAt!: Date | null;
}
