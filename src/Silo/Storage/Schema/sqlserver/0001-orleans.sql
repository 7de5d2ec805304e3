-- AccessTokens schema for SQL Server, version 1: Orleans ADO.NET clustering and grain persistence (10.4).
--
-- The Orleans providers ship no SQL. At start-up each one loads its statements from OrleansQuery and
-- refuses to start when a key it needs is missing. What is fixed is the contract: query keys, the
-- @parameter names the provider binds, the result column names it reads, and what each result means.
-- Everything else (layout, locking) is chosen by this project.
--
-- Every batch can run again on the same database. The migrator wraps the whole file in one
-- transaction and splits it into batches on the GO lines. The transactions that appear inside two
-- query texts below are not run here: they are text that Orleans executes later, one call at a time.

IF OBJECT_ID(N'OrleansQuery', N'U') IS NULL
    CREATE TABLE OrleansQuery
    (
        QueryKey  VARCHAR(64)   NOT NULL,
        QueryText NVARCHAR(MAX) NOT NULL,
        CONSTRAINT PK_OrleansQuery PRIMARY KEY (QueryKey)
    );

-- ---------------------------------------------------------------------------------------------------
-- Clustering
-- ---------------------------------------------------------------------------------------------------

-- One row per cluster (the provider calls it DeploymentId). Its version is the ETag of the membership table:
-- every membership insert or update must move it by exactly one, together with the row it changes.
IF OBJECT_ID(N'OrleansMembershipVersionTable', N'U') IS NULL
    CREATE TABLE OrleansMembershipVersionTable
    (
        DeploymentId NVARCHAR(150) NOT NULL,
        [Timestamp]  DATETIME2(3)  NOT NULL CONSTRAINT DF_OrleansMembershipVersionTable_Timestamp DEFAULT SYSUTCDATETIME(),
        Version      INT           NOT NULL CONSTRAINT DF_OrleansMembershipVersionTable_Version DEFAULT 0,
        CONSTRAINT PK_OrleansMembershipVersionTable PRIMARY KEY (DeploymentId)
    );

-- One row per silo incarnation (address, port and generation).
IF OBJECT_ID(N'OrleansMembershipTable', N'U') IS NULL
    CREATE TABLE OrleansMembershipTable
    (
        DeploymentId NVARCHAR(150) NOT NULL,
        Address      VARCHAR(45)   NOT NULL,
        Port         INT           NOT NULL,
        Generation   INT           NOT NULL,
        SiloName     NVARCHAR(150) NOT NULL,
        HostName     NVARCHAR(150) NOT NULL,
        Status       INT           NOT NULL,
        ProxyPort    INT           NULL,
        SuspectTimes VARCHAR(8000) NULL,
        StartTime    DATETIME2(3)  NOT NULL,
        IAmAliveTime DATETIME2(3)  NOT NULL,
        CONSTRAINT PK_OrleansMembershipTable PRIMARY KEY (DeploymentId, Address, Port, Generation),
        CONSTRAINT FK_OrleansMembershipTable_Version FOREIGN KEY (DeploymentId)
            REFERENCES OrleansMembershipVersionTable (DeploymentId)
    );

-- ---------------------------------------------------------------------------------------------------
-- Grain persistence
-- ---------------------------------------------------------------------------------------------------

-- The row of a grain is found by its two hashes (indexed) and told apart from hash collisions by the full
-- key, compared byte for byte (binary collation: grain keys are case-sensitive). The payload is the
-- JSON output of the project serializer, stored as bytes (the provider binds PayloadBinary only). Clearing
-- keeps the row with a NULL payload so the version keeps counting.
IF OBJECT_ID(N'OrleansStorage', N'U') IS NULL
    CREATE TABLE OrleansStorage
    (
        GrainIdHash            INT           NOT NULL,
        GrainIdN0              BIGINT        NOT NULL,
        GrainIdN1              BIGINT        NOT NULL,
        GrainTypeHash          INT           NOT NULL,
        GrainTypeString        NVARCHAR(512) COLLATE Latin1_General_BIN2 NOT NULL,
        GrainIdExtensionString NVARCHAR(512) COLLATE Latin1_General_BIN2 NULL,
        ServiceId              NVARCHAR(150) COLLATE Latin1_General_BIN2 NOT NULL,
        PayloadBinary          VARBINARY(MAX) NULL,
        ModifiedOn             DATETIME2(3)  NOT NULL,
        Version                INT           NULL
    );
GO

IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'IX_OrleansStorage' AND object_id = OBJECT_ID(N'OrleansStorage'))
    CREATE NONCLUSTERED INDEX IX_OrleansStorage ON OrleansStorage (GrainIdHash, GrainTypeHash);
GO

-- ---------------------------------------------------------------------------------------------------
-- Stored queries. The provider reads result columns by name (DeploymentId, Address, Port, Generation,
-- SiloName, HostName, Status, ProxyPort, SuspectTimes, StartTime, IAmAliveTime, Version;
-- NewGrainStateVersion, PayloadBinary) and a single value where it expects a yes/no answer.
-- SET NOCOUNT ON keeps row-count messages out of the answers.
-- ---------------------------------------------------------------------------------------------------

MERGE INTO OrleansQuery AS target
USING (VALUES

(N'InsertMembershipVersionKey', N'
    SET NOCOUNT ON;
    INSERT INTO OrleansMembershipVersionTable (DeploymentId)
    SELECT @DeploymentId
    WHERE NOT EXISTS (SELECT 1 FROM OrleansMembershipVersionTable WITH (UPDLOCK, HOLDLOCK)
                      WHERE DeploymentId = @DeploymentId);
    SELECT @@ROWCOUNT AS Created;
'),

-- Moving the version first takes an exclusive lock on the version row, so membership writes of one
-- cluster run one at a time; a write that changes no membership row is rolled back with its version
-- move. Answer: 1 when written, 0 otherwise.
(N'InsertMembershipKey', N'
    SET XACT_ABORT, NOCOUNT ON;
    DECLARE @Written INT;
    BEGIN TRANSACTION;

    UPDATE OrleansMembershipVersionTable
    SET Version = Version + 1, [Timestamp] = SYSUTCDATETIME()
    WHERE DeploymentId = @DeploymentId AND Version = @Version AND Version < 2147483647;
    SET @Written = @@ROWCOUNT;

    INSERT INTO OrleansMembershipTable
        (DeploymentId, Address, Port, Generation, SiloName, HostName, Status, ProxyPort, StartTime, IAmAliveTime)
    SELECT @DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort, @StartTime, @IAmAliveTime
    WHERE @Written > 0
      AND NOT EXISTS (SELECT 1 FROM OrleansMembershipTable WITH (UPDLOCK, HOLDLOCK)
                      WHERE DeploymentId = @DeploymentId AND Address = @Address
                        AND Port = @Port AND Generation = @Generation);
    SET @Written = @@ROWCOUNT;

    IF @Written = 0 ROLLBACK TRANSACTION; ELSE COMMIT TRANSACTION;
    SELECT @Written AS Written;
'),

-- Same shape as the insert. A heartbeat already stored may be newer than the one in the entry: keep the newer.
(N'UpdateMembershipKey', N'
    SET XACT_ABORT, NOCOUNT ON;
    DECLARE @Written INT;
    BEGIN TRANSACTION;

    UPDATE OrleansMembershipVersionTable
    SET Version = Version + 1, [Timestamp] = SYSUTCDATETIME()
    WHERE DeploymentId = @DeploymentId AND Version = @Version AND Version < 2147483647;
    SET @Written = @@ROWCOUNT;

    UPDATE OrleansMembershipTable
    SET Status = @Status,
        SuspectTimes = @SuspectTimes,
        IAmAliveTime = CASE WHEN IAmAliveTime > @IAmAliveTime THEN IAmAliveTime ELSE @IAmAliveTime END
    WHERE DeploymentId = @DeploymentId AND Address = @Address
      AND Port = @Port AND Generation = @Generation
      AND @Written > 0;
    SET @Written = @@ROWCOUNT;

    IF @Written = 0 ROLLBACK TRANSACTION; ELSE COMMIT TRANSACTION;
    SELECT @Written AS Written;
'),

-- Heartbeats do not move the table version; the newer heartbeat wins.
(N'UpdateIAmAlivetimeKey', N'
    SET NOCOUNT ON;
    UPDATE OrleansMembershipTable
    SET IAmAliveTime = CASE WHEN IAmAliveTime > @IAmAliveTime THEN IAmAliveTime ELSE @IAmAliveTime END
    WHERE DeploymentId = @DeploymentId AND Address = @Address
      AND Port = @Port AND Generation = @Generation;
'),

-- HOLDLOCK keeps the version and the rows read consistent with each other until the read ends. The
-- version row comes back even when the silo has no row yet (its columns are then NULL).
(N'MembershipReadRowKey', N'
    SELECT v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status,
           m.ProxyPort, m.SuspectTimes, m.StartTime, m.IAmAliveTime, v.Version
    FROM OrleansMembershipVersionTable AS v WITH (HOLDLOCK)
    LEFT JOIN OrleansMembershipTable AS m WITH (HOLDLOCK)
        ON m.DeploymentId = v.DeploymentId
       AND m.Address = @Address AND m.Port = @Port AND m.Generation = @Generation
    WHERE v.DeploymentId = @DeploymentId;
'),

(N'MembershipReadAllKey', N'
    SELECT v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status,
           m.ProxyPort, m.SuspectTimes, m.StartTime, m.IAmAliveTime, v.Version
    FROM OrleansMembershipVersionTable AS v WITH (HOLDLOCK)
    LEFT JOIN OrleansMembershipTable AS m WITH (HOLDLOCK) ON m.DeploymentId = v.DeploymentId
    WHERE v.DeploymentId = @DeploymentId;
'),

-- @Status is Active (3); only silos that accept clients have a proxy port above zero.
(N'GatewaysQueryKey', N'
    SELECT Address, ProxyPort, Generation
    FROM OrleansMembershipTable
    WHERE DeploymentId = @DeploymentId AND Status = @Status AND ProxyPort > 0;
'),

(N'DeleteMembershipTableEntriesKey', N'
    DELETE FROM OrleansMembershipTable WHERE DeploymentId = @DeploymentId;
    DELETE FROM OrleansMembershipVersionTable WHERE DeploymentId = @DeploymentId;
'),

-- Still a required key, though Orleans 10.4 prunes row by row with the next query. Only Dead (6)
-- rows with no suspicion, started and last alive before the cut-off, go.
(N'CleanupDefunctSiloEntriesKey', N'
    DELETE FROM OrleansMembershipTable
    WHERE DeploymentId = @DeploymentId AND Status = 6
      AND IAmAliveTime < @IAmAliveTime AND StartTime < @IAmAliveTime
      AND COALESCE(SuspectTimes, '''') = '''';
'),

-- Deletes one Dead row only if it still holds exactly the values the provider read, so a row changed
-- in the meantime survives. The provider binds the timestamps as DATETIME2, as read from this table.
(N'CleanupDefunctSiloEntryKey', N'
    DELETE FROM OrleansMembershipTable
    WHERE DeploymentId = @DeploymentId AND Status = 6
      AND Address = @Address AND Port = @Port AND Generation = @Generation
      AND StartTime = @StartTime AND IAmAliveTime = @IAmAliveTime
      AND COALESCE(SuspectTimes, '''') = COALESCE(@SuspectTimes, N'''') COLLATE Latin1_General_BIN2;
'),

-- How the provider reads the answer: the version it receives becomes the new ETag of the grain; getting
-- back the version it sent, or no row at all when it sent none, is a conflict it reports.
--   known version: update only if the stored version still matches; answer the next version, or the
--                  one sent when another writer got there first.
--   no version:    first write of the grain; insert unless a row exists, answer 1 or no row. The
--                  range lock (UPDLOCK, HOLDLOCK) makes a second concurrent first write wait and
--                  then see the row.
(N'WriteToStorageKey', N'
    SET NOCOUNT ON;
    DECLARE @Changed INT;

    UPDATE OrleansStorage
    SET PayloadBinary = @PayloadBinary, ModifiedOn = SYSUTCDATETIME(), Version = Version + 1
    WHERE @GrainStateVersion IS NOT NULL
      AND GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
      AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
      AND GrainTypeString = @GrainTypeString
      AND (GrainIdExtensionString = @GrainIdExtensionString
           OR (GrainIdExtensionString IS NULL AND @GrainIdExtensionString IS NULL))
      AND ServiceId = @ServiceId
      AND Version = @GrainStateVersion;
    SET @Changed = @@ROWCOUNT;

    SELECT CASE WHEN @Changed > 0 THEN @GrainStateVersion + 1 ELSE @GrainStateVersion END AS NewGrainStateVersion
    WHERE @GrainStateVersion IS NOT NULL;

    INSERT INTO OrleansStorage
        (GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString, GrainIdExtensionString,
         ServiceId, PayloadBinary, ModifiedOn, Version)
    SELECT @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString, @GrainIdExtensionString,
           @ServiceId, @PayloadBinary, SYSUTCDATETIME(), 1
    WHERE @GrainStateVersion IS NULL
      AND NOT EXISTS (SELECT 1 FROM OrleansStorage WITH (UPDLOCK, HOLDLOCK, INDEX (IX_OrleansStorage))
                      WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
                        AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
                        AND GrainTypeString = @GrainTypeString
                        AND (GrainIdExtensionString = @GrainIdExtensionString
                             OR (GrainIdExtensionString IS NULL AND @GrainIdExtensionString IS NULL))
                        AND ServiceId = @ServiceId);
    SET @Changed = @@ROWCOUNT;

    SELECT 1 AS NewGrainStateVersion
    WHERE @GrainStateVersion IS NULL AND @Changed > 0;
'),

-- No row means the grain was never written; a row with a NULL payload means it was cleared.
(N'ReadFromStorageKey', N'
    SELECT TOP (1) PayloadBinary, Version
    FROM OrleansStorage
    WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
      AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
      AND GrainTypeString = @GrainTypeString
      AND (GrainIdExtensionString = @GrainIdExtensionString
           OR (GrainIdExtensionString IS NULL AND @GrainIdExtensionString IS NULL))
      AND ServiceId = @ServiceId;
'),

-- The provider reads the first column: the next version when the row was cleared, the version it sent
-- when the stored one had moved on (a conflict).
(N'ClearStorageKey', N'
    SET NOCOUNT ON;
    DECLARE @Changed INT;

    UPDATE OrleansStorage
    SET PayloadBinary = NULL, ModifiedOn = SYSUTCDATETIME(), Version = Version + 1
    WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
      AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
      AND GrainTypeString = @GrainTypeString
      AND (GrainIdExtensionString = @GrainIdExtensionString
           OR (GrainIdExtensionString IS NULL AND @GrainIdExtensionString IS NULL))
      AND ServiceId = @ServiceId
      AND Version = @GrainStateVersion;
    SET @Changed = @@ROWCOUNT;

    SELECT CASE WHEN @Changed > 0 THEN @GrainStateVersion + 1 ELSE @GrainStateVersion END AS NewGrainStateVersion;
')

) AS source (QueryKey, QueryText)
ON target.QueryKey = source.QueryKey
WHEN MATCHED THEN
    UPDATE SET QueryText = source.QueryText
WHEN NOT MATCHED THEN
    INSERT (QueryKey, QueryText) VALUES (source.QueryKey, source.QueryText);
