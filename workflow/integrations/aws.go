package integrations

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
)

// AWS calls AWS services through the AWS SDK for Go v2. Settings: region, access_key_id,
// secret_access_key, session_token (optional), endpoint (optional: a local or private endpoint).
// Operations: ecs update-service, with parameters cluster, service, force_new_deployment,
// desired_count, task_definition.
type AWS struct{ Client *http.Client }

// Name is "aws".
func (*AWS) Name() string { return "aws" }

// Version of the integration.
func (*AWS) Version() string { return "1.0.0" }

// ValidateConfig needs a region and a key pair.
func (*AWS) ValidateConfig(cfg map[string]string) error {
	if err := require("aws", cfg, "region", "access_key_id", "secret_access_key"); err != nil {
		return err
	}
	if cfg["endpoint"] != "" {
		return checkURL("aws", cfg, "endpoint")
	}
	return nil
}

// Execute performs one operation of one service.
func (a *AWS) Execute(ctx context.Context, req Request) (Result, error) {
	if err := a.ValidateConfig(req.Config); err != nil {
		return Result{}, err
	}
	switch {
	case req.Service == "ecs" && req.Operation == "update-service":
		return a.ecsUpdateService(ctx, req)
	}
	return Result{}, fmt.Errorf("aws: %s %s is not supported (supported: ecs update-service)", req.Service, req.Operation)
}

func (a *AWS) ecsUpdateService(ctx context.Context, req Request) (Result, error) {
	cfg := req.Config
	opts := ecs.Options{
		Region:     cfg["region"],
		HTTPClient: a.Client,
		Credentials: aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
			return aws.Credentials{AccessKeyID: cfg["access_key_id"], SecretAccessKey: cfg["secret_access_key"],
				SessionToken: cfg["session_token"], Source: "cmdai integration settings"}, nil
		}),
		RetryMaxAttempts: 1, // the workflow's max_retries decides
	}
	if e := cfg["endpoint"]; e != "" {
		opts.BaseEndpoint = aws.String(e)
	}
	p := req.Parameters
	in := &ecs.UpdateServiceInput{Service: aws.String(param(p, "service"))}
	if *in.Service == "" {
		return Result{}, errors.New("aws ecs update-service needs the service")
	}
	if c := param(p, "cluster"); c != "" {
		in.Cluster = aws.String(c)
	}
	if paramBool(p, "force_new_deployment") {
		in.ForceNewDeployment = true
	}
	if s := param(p, "desired_count"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			return Result{}, fmt.Errorf("aws ecs update-service: desired_count is a number, not %q", s)
		}
		in.DesiredCount = aws.Int32(int32(n))
	}
	if td := param(p, "task_definition"); td != "" {
		in.TaskDefinition = aws.String(td)
	}
	out, err := ecs.New(opts).UpdateService(ctx, in)
	if err != nil {
		return Result{}, fmt.Errorf("aws ecs update-service: %w", err)
	}
	res := Result{Outputs: map[string]string{}}
	if s := out.Service; s != nil {
		res.Output = fmt.Sprintf("service %s is %s", aws.ToString(s.ServiceName), aws.ToString(s.Status))
		res.Outputs["service_arn"] = aws.ToString(s.ServiceArn)
		res.Outputs["status"] = aws.ToString(s.Status)
		if td := aws.ToString(s.TaskDefinition); td != "" {
			res.Outputs["task_definition"] = td
		}
	}
	return res, nil
}
