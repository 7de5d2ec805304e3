-- AccessTokens schema for PostgreSQL, version 1: Orleans ADO.NET clustering and grain persistence (10.4).
--
-- The Orleans providers ship no SQL. At start-up each one loads its statements from OrleansQuery and
-- refuses to start when a key it needs is missing. What is fixed is the contract: query keys, the
-- @parameter names the provider binds, the result column names it reads, and what each result means.
-- Everything else (layout, routine names, locking) is this project's choice.
--
-- Names are unquoted, so PostgreSQL folds them to lower case; Npgsql finds the provider's mixed-case
-- column names case-insensitively. Every statement can run again on the same database. The migrator
-- wraps the whole file in one transaction, so it holds no transaction control of its own.

CREATE TABLE IF NOT EXISTS orleansquery
(
    querykey  varchar(64) NOT NULL,
    querytext text        NOT NULL,
    CONSTRAINT pk_orleansquery PRIMARY KEY (querykey)
);


-- ---------------------------------------------------------------------------------------------------
-- Clustering
-- ---------------------------------------------------------------------------------------------------

-- One row per cluster (the provider calls it DeploymentId). Its version is the membership table's ETag:
-- every membership insert or update must move it by exactly one, together with the row it changes.
CREATE TABLE IF NOT EXISTS orleansmembershipversiontable
(
    deploymentid varchar(150)   NOT NULL,
    timestamp    timestamptz(3) NOT NULL DEFAULT now(),
    version      integer        NOT NULL DEFAULT 0,
    CONSTRAINT pk_orleansmembershipversiontable PRIMARY KEY (deploymentid)
);

-- One row per silo incarnation (address, port and generation).
CREATE TABLE IF NOT EXISTS orleansmembershiptable
(
    deploymentid varchar(150)   NOT NULL,
    address      varchar(45)    NOT NULL,
    port         integer        NOT NULL,
    generation   integer        NOT NULL,
    siloname     varchar(150)   NOT NULL,
    hostname     varchar(150)   NOT NULL,
    status       integer        NOT NULL,
    proxyport    integer        NULL,
    suspecttimes varchar(8000)  NULL,
    starttime    timestamptz(3) NOT NULL,
    iamalivetime timestamptz(3) NOT NULL,
    CONSTRAINT pk_orleansmembershiptable PRIMARY KEY (deploymentid, address, port, generation),
    CONSTRAINT fk_orleansmembershiptable_version FOREIGN KEY (deploymentid)
        REFERENCES orleansmembershipversiontable (deploymentid)
);

-- Both writers lock the cluster's version row first (FOR UPDATE re-reads the newest committed row and
-- re-checks the expected version), so membership writes of one cluster run one at a time. Checking
-- before writing means a refused write changes nothing: no savepoint or undo is needed.
-- Result: 1 when the row was written and the version moved on, 0 otherwise.
CREATE OR REPLACE FUNCTION orleans_membership_insert(
    p_deploymentid text, p_address text, p_port integer, p_generation integer,
    p_siloname text, p_hostname text, p_status integer, p_proxyport integer,
    p_starttime timestamptz, p_iamalivetime timestamptz, p_version integer)
RETURNS integer
LANGUAGE plpgsql AS
$fn$
BEGIN
    PERFORM 1 FROM orleansmembershipversiontable
    WHERE deploymentid = p_deploymentid AND version = p_version AND version < 2147483647
    FOR UPDATE;
    IF NOT FOUND THEN
        RETURN 0;
    END IF;

    IF EXISTS (SELECT 1 FROM orleansmembershiptable
               WHERE deploymentid = p_deploymentid AND address = p_address
                 AND port = p_port AND generation = p_generation) THEN
        RETURN 0;
    END IF;

    INSERT INTO orleansmembershiptable
        (deploymentid, address, port, generation, siloname, hostname, status, proxyport, starttime, iamalivetime)
    VALUES
        (p_deploymentid, p_address, p_port, p_generation, p_siloname, p_hostname, p_status, p_proxyport, p_starttime, p_iamalivetime);

    UPDATE orleansmembershipversiontable
    SET version = version + 1, timestamp = now()
    WHERE deploymentid = p_deploymentid;

    RETURN 1;
END
$fn$;

CREATE OR REPLACE FUNCTION orleans_membership_update(
    p_deploymentid text, p_address text, p_port integer, p_generation integer,
    p_status integer, p_suspecttimes text, p_iamalivetime timestamptz, p_version integer)
RETURNS integer
LANGUAGE plpgsql AS
$fn$
BEGIN
    PERFORM 1 FROM orleansmembershipversiontable
    WHERE deploymentid = p_deploymentid AND version = p_version AND version < 2147483647
    FOR UPDATE;
    IF NOT FOUND THEN
        RETURN 0;
    END IF;

    -- A heartbeat already stored may be newer than the one in the entry being written: keep the newer.
    UPDATE orleansmembershiptable
    SET status = p_status,
        suspecttimes = p_suspecttimes,
        iamalivetime = GREATEST(iamalivetime, p_iamalivetime)
    WHERE deploymentid = p_deploymentid AND address = p_address
      AND port = p_port AND generation = p_generation;
    IF NOT FOUND THEN
        RETURN 0;
    END IF;

    UPDATE orleansmembershipversiontable
    SET version = version + 1, timestamp = now()
    WHERE deploymentid = p_deploymentid;

    RETURN 1;
END
$fn$;

-- The provider reads result columns by name (DeploymentId, Address, Port, Generation, SiloName,
-- HostName, Status, ProxyPort, SuspectTimes, StartTime, IAmAliveTime, Version) and a single unnamed
-- value where it expects a yes/no answer.
INSERT INTO orleansquery (querykey, querytext) VALUES
('InsertMembershipVersionKey', $q$
    WITH created AS (
        INSERT INTO orleansmembershipversiontable (deploymentid)
        VALUES (@DeploymentId)
        ON CONFLICT (deploymentid) DO NOTHING
        RETURNING 1
    )
    SELECT count(*)::integer AS created FROM created;
$q$),

('InsertMembershipKey', $q$
    SELECT orleans_membership_insert(@DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName,
                                     @Status, @ProxyPort, @StartTime, @IAmAliveTime, @Version) AS written;
$q$),

('UpdateMembershipKey', $q$
    SELECT orleans_membership_update(@DeploymentId, @Address, @Port, @Generation, @Status, @SuspectTimes,
                                     @IAmAliveTime, @Version) AS written;
$q$),

-- Heartbeats do not move the table version; the newer heartbeat wins.
('UpdateIAmAlivetimeKey', $q$
    UPDATE orleansmembershiptable
    SET iamalivetime = GREATEST(iamalivetime, @IAmAliveTime)
    WHERE deploymentid = @DeploymentId AND address = @Address
      AND port = @Port AND generation = @Generation;
$q$),

-- The version row comes back even when the silo has no row yet (its columns are then NULL).
('MembershipReadRowKey', $q$
    SELECT v.deploymentid, m.address, m.port, m.generation, m.siloname, m.hostname, m.status,
           m.proxyport, m.suspecttimes, m.starttime, m.iamalivetime, v.version
    FROM orleansmembershipversiontable AS v
    LEFT JOIN orleansmembershiptable AS m
        ON m.deploymentid = v.deploymentid
       AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
    WHERE v.deploymentid = @DeploymentId;
$q$),

('MembershipReadAllKey', $q$
    SELECT v.deploymentid, m.address, m.port, m.generation, m.siloname, m.hostname, m.status,
           m.proxyport, m.suspecttimes, m.starttime, m.iamalivetime, v.version
    FROM orleansmembershipversiontable AS v
    LEFT JOIN orleansmembershiptable AS m ON m.deploymentid = v.deploymentid
    WHERE v.deploymentid = @DeploymentId;
$q$),

-- @Status is Active (3); only silos that accept clients have a proxy port above zero.
('GatewaysQueryKey', $q$
    SELECT address, proxyport, generation
    FROM orleansmembershiptable
    WHERE deploymentid = @DeploymentId AND status = @Status AND proxyport > 0;
$q$),

('DeleteMembershipTableEntriesKey', $q$
    DELETE FROM orleansmembershiptable WHERE deploymentid = @DeploymentId;
    DELETE FROM orleansmembershipversiontable WHERE deploymentid = @DeploymentId;
$q$),

-- Still a required key, though Orleans 10.4 prunes row by row with the next query. Only Dead (6)
-- rows with no suspicion, started and last alive before the cut-off, go.
('CleanupDefunctSiloEntriesKey', $q$
    DELETE FROM orleansmembershiptable
    WHERE deploymentid = @DeploymentId AND status = 6
      AND iamalivetime < @IAmAliveTime AND starttime < @IAmAliveTime
      AND COALESCE(suspecttimes, '') = '';
$q$),

-- Deletes one Dead row only if it still holds exactly the values the provider read, so a row changed
-- in the meantime survives. The provider binds the timestamps as read back from this table.
('CleanupDefunctSiloEntryKey', $q$
    DELETE FROM orleansmembershiptable
    WHERE deploymentid = @DeploymentId AND status = 6
      AND address = @Address AND port = @Port AND generation = @Generation
      AND starttime = @StartTime AND iamalivetime = @IAmAliveTime
      AND COALESCE(suspecttimes, '') = COALESCE(@SuspectTimes, '');
$q$)
ON CONFLICT (querykey) DO UPDATE SET querytext = EXCLUDED.querytext;


-- ---------------------------------------------------------------------------------------------------
-- Grain persistence
-- ---------------------------------------------------------------------------------------------------

-- A grain's row is found by its two hashes (indexed) and told apart from hash collisions by the full
-- key. The payload is the project's JSON serializer output, stored as bytes (the provider binds
-- PayloadBinary only). Clearing keeps the row with a NULL payload so the version keeps counting.
CREATE TABLE IF NOT EXISTS orleansstorage
(
    grainidhash            integer      NOT NULL,
    grainidn0              bigint       NOT NULL,
    grainidn1              bigint       NOT NULL,
    graintypehash          integer      NOT NULL,
    graintypestring        varchar(512) NOT NULL,
    grainidextensionstring varchar(512) NULL,
    serviceid              varchar(150) NOT NULL,
    payloadbinary          bytea        NULL,
    modifiedon             timestamptz  NOT NULL,
    version                integer      NULL
);

CREATE INDEX IF NOT EXISTS ix_orleansstorage ON orleansstorage (grainidhash, graintypehash);

-- The provider's reading of the answer: the version it receives becomes the grain's new ETag; getting
-- back the version it sent, or no row at all when it sent none, is a conflict it reports.
--   known version: update only if the stored version still matches; answer the next version, or the
--                  one sent when another writer got there first.
--   no version:    first write of the grain; insert unless a row exists, answer 1 or no row.
-- Two activations may race on the first write and there is no unique key to stop a duplicate (the
-- key columns are too wide for one), so the insert is serialized per hash pair with an advisory lock
-- held to the end of the transaction; each statement that follows sees what the other committed.
CREATE OR REPLACE FUNCTION orleans_grain_state_write(
    p_grainidhash integer, p_grainidn0 bigint, p_grainidn1 bigint, p_graintypehash integer,
    p_graintypestring text, p_grainidextensionstring text, p_serviceid text,
    p_version integer, p_payload bytea)
RETURNS TABLE (newgrainstateversion integer)
LANGUAGE plpgsql AS
$fn$
BEGIN
    IF p_version IS NOT NULL THEN
        UPDATE orleansstorage
        SET payloadbinary = p_payload, modifiedon = now(), version = version + 1
        WHERE grainidhash = p_grainidhash AND graintypehash = p_graintypehash
          AND grainidn0 = p_grainidn0 AND grainidn1 = p_grainidn1
          AND graintypestring = p_graintypestring
          AND grainidextensionstring IS NOT DISTINCT FROM p_grainidextensionstring
          AND serviceid = p_serviceid
          AND version = p_version;
        newgrainstateversion := CASE WHEN FOUND THEN p_version + 1 ELSE p_version END;
        RETURN NEXT;
        RETURN;
    END IF;

    PERFORM pg_advisory_xact_lock(p_grainidhash, p_graintypehash);

    INSERT INTO orleansstorage
        (grainidhash, grainidn0, grainidn1, graintypehash, graintypestring, grainidextensionstring,
         serviceid, payloadbinary, modifiedon, version)
    SELECT p_grainidhash, p_grainidn0, p_grainidn1, p_graintypehash, p_graintypestring, p_grainidextensionstring,
           p_serviceid, p_payload, now(), 1
    WHERE NOT EXISTS (
        SELECT 1 FROM orleansstorage
        WHERE grainidhash = p_grainidhash AND graintypehash = p_graintypehash
          AND grainidn0 = p_grainidn0 AND grainidn1 = p_grainidn1
          AND graintypestring = p_graintypestring
          AND grainidextensionstring IS NOT DISTINCT FROM p_grainidextensionstring
          AND serviceid = p_serviceid);
    IF FOUND THEN
        newgrainstateversion := 1;
        RETURN NEXT;
    END IF;
END
$fn$;

INSERT INTO orleansquery (querykey, querytext) VALUES
('WriteToStorageKey', $q$
    SELECT newgrainstateversion
    FROM orleans_grain_state_write(@GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
                                   @GrainIdExtensionString, @ServiceId, @GrainStateVersion, @PayloadBinary);
$q$),

-- No row means the grain was never written; a row with a NULL payload means it was cleared.
('ReadFromStorageKey', $q$
    SELECT payloadbinary, version
    FROM orleansstorage
    WHERE grainidhash = @GrainIdHash AND graintypehash = @GrainTypeHash
      AND grainidn0 = @GrainIdN0 AND grainidn1 = @GrainIdN1
      AND graintypestring = @GrainTypeString
      AND grainidextensionstring IS NOT DISTINCT FROM @GrainIdExtensionString
      AND serviceid = @ServiceId
    LIMIT 1;
$q$),

-- The provider reads the first column: the next version when the row was cleared, the version it sent
-- when the stored one had moved on (a conflict).
('ClearStorageKey', $q$
    WITH cleared AS (
        UPDATE orleansstorage
        SET payloadbinary = NULL, modifiedon = now(), version = version + 1
        WHERE grainidhash = @GrainIdHash AND graintypehash = @GrainTypeHash
          AND grainidn0 = @GrainIdN0 AND grainidn1 = @GrainIdN1
          AND graintypestring = @GrainTypeString
          AND grainidextensionstring IS NOT DISTINCT FROM @GrainIdExtensionString
          AND serviceid = @ServiceId
          AND version = @GrainStateVersion
        RETURNING version
    )
    SELECT COALESCE((SELECT version FROM cleared), @GrainStateVersion) AS newgrainstateversion;
$q$)
ON CONFLICT (querykey) DO UPDATE SET querytext = EXCLUDED.querytext;
